/**
 * address → index, as an open-addressing hash table on typed arrays. The trace builder
 * inserts and deletes once per object created and destroyed (millions per run); a JS
 * Map costs several times more per operation and allocates as it grows.
 * Linear probing with backward-shift deletion, so there are no tombstones.
 */
export class AddressMap {
  private keys: Uint32Array;
  private values: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** Index stored for `address`, or -1. Address 0 is never a key (no object lives at NULL). */
  get(address: number): number {
    let i = this.slot(address);
    for (;;) {
      const k = this.keys[i] ?? 0;
      if (k === 0) return -1;
      if (k === address) return this.values[i] ?? -1;
      i = (i + 1) & this.mask;
    }
  }

  set(address: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.rehash();
    let i = this.slot(address);
    for (;;) {
      const k = this.keys[i] ?? 0;
      if (k === 0) {
        this.keys[i] = address;
        this.values[i] = value;
        this.size++;
        return;
      }
      if (k === address) {
        this.values[i] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  delete(address: number): void {
    let i = this.slot(address);
    for (;;) {
      const k = this.keys[i] ?? 0;
      if (k === 0) return;
      if (k === address) break;
      i = (i + 1) & this.mask;
    }
    this.size--;
    // Shift later members of the probe run back so lookups never stop early.
    let j = i;
    for (;;) {
      j = (j + 1) & this.mask;
      const k = this.keys[j] ?? 0;
      if (k === 0) break;
      const home = this.slot(k);
      const between = i <= j ? home > i && home <= j : home > i || home <= j;
      if (between) continue;
      this.keys[i] = k;
      this.values[i] = this.values[j] ?? 0;
      i = j;
    }
    this.keys[i] = 0;
  }

  private slot(address: number): number {
    // Fibonacci hashing: the top bits of the product depend on every bit of the address.
    return Math.imul(address, 0x9e3779b1) >>> this.shift;
  }

  private rehash(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.shift--;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.set(keys[i] ?? 0, values[i] ?? 0);
  }
}
