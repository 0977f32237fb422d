/**
 * The step-to-step bookkeeping of ./references: hash sets that are cleared by bumping a
 * stamp (the walk starts over at every step, so clearing must not cost a fill), a step's
 * references as parallel typed arrays, and the diff of two steps' references. Typed arrays
 * only: nothing here allocates per step once the tables have grown to the program's size.
 */

/**
 * One growable hash set of addresses valid for one generation: `clear` is a counter bump,
 * not a fill, since the walk starts over at every step.
 */
export class StampMap {
  keys = new Uint32Array(1024);
  values = new Int32Array(1024);
  stamps = new Int32Array(1024);
  stamp = 1;
  size = 0;

  clear(expected: number): void {
    this.stamp++;
    this.size = 0;
    if (expected * 2 > this.keys.length) {
      let n = this.keys.length;
      while (n < expected * 2) n *= 2;
      this.keys = new Uint32Array(n);
      this.values = new Int32Array(n);
      this.stamps = new Int32Array(n);
    }
  }

  /** Slot of `key`: found (stamps[slot] === stamp) or where it would go. */
  slot(key: number): number {
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    while (this.stamps[i] === this.stamp && this.keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  has(slot: number): boolean {
    return this.stamps[slot] === this.stamp;
  }

  put(slot: number, key: number, value: number): void {
    this.keys[slot] = key;
    this.values[slot] = value;
    this.stamps[slot] = this.stamp;
    this.size++;
  }
}

/** A step's references as parallel columns (holder, label, target, target type). */
export class EdgeList {
  readonly holder: Uint32Array;
  readonly label: Int32Array;
  readonly target: Uint32Array;
  readonly targetType: Uint32Array;
  readonly holderType: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.holder = new Uint32Array(capacity);
    this.label = new Int32Array(capacity);
    this.target = new Uint32Array(capacity);
    this.targetType = new Uint32Array(capacity);
    this.holderType = new Uint32Array(capacity);
  }
}

/** Which references of `cur` are new since `prev`, and which of `prev` are gone. */
export class EdgeDiff {
  private readonly index = new StampMap();
  private matched = new Uint8Array(1024);

  /** Calls `change(list, row, 1)` for each reference only in `cur`, `change(list, row, 0)` for each only in `prev`. */
  compare(prev: EdgeList, cur: EdgeList, change: (list: EdgeList, row: number, open: number) => void): void {
    // The common steps: the walk found the same references in the same order, or a name
    // bound or unbound last added references at the end or dropped them from it.
    const shorter = Math.min(cur.length, prev.length);
    let p = 0;
    while (p < shorter && cur.holder[p] === prev.holder[p] && cur.target[p] === prev.target[p] && cur.label[p] === prev.label[p]) p++;
    if (p === prev.length) {
      for (let i = p; i < cur.length; i++) change(cur, i, 1);
      return;
    }
    if (p === cur.length) {
      for (let i = p; i < prev.length; i++) change(prev, i, 0);
      return;
    }
    const index = this.index;
    index.clear(prev.length);
    if (this.matched.length < prev.length) this.matched = new Uint8Array(prev.length * 2);
    const mask = index.keys.length - 1;
    for (let i = 0; i < prev.length; i++) {
      let slot = (Math.imul(edgeHash(prev, i), 0x9e3779b1) >>> 0) & mask;
      while (index.has(slot)) slot = (slot + 1) & mask;
      index.put(slot, 0, i);
    }
    this.matched.fill(0, 0, prev.length);
    for (let i = 0; i < cur.length; i++) {
      const row = this.find(prev, cur, i);
      if (row >= 0) this.matched[row] = 1;
      else change(cur, i, 1);
    }
    for (let i = 0; i < prev.length; i++) if (this.matched[i] === 0) change(prev, i, 0);
  }

  /** Row of `prev` equal to row `i` of `cur`, or -1. */
  private find(prev: EdgeList, cur: EdgeList, i: number): number {
    const index = this.index;
    const mask = index.keys.length - 1;
    const holder = cur.holder[i];
    const label = cur.label[i];
    const target = cur.target[i];
    let slot = (Math.imul(edgeHash(cur, i), 0x9e3779b1) >>> 0) & mask;
    while (index.has(slot)) {
      const row = index.values[slot] ?? 0;
      if (prev.holder[row] === holder && prev.label[row] === label && prev.target[row] === target) return row;
      slot = (slot + 1) & mask;
    }
    return -1;
  }
}

function tripleHash(holder: number, label: number, target: number): number {
  return (Math.imul(holder, 0x85ebca77) ^ Math.imul(target, 0xc2b2ae3d) ^ Math.imul(label + 1, 0x27d4eb2f)) >>> 0;
}

function edgeHash(list: EdgeList, i: number): number {
  return tripleHash(list.holder[i] ?? 0, list.label[i] ?? 0, list.target[i] ?? 0);
}
