/**
 * Growable Int32 columns for the recorder. Recording appends millions of numbers while
 * the user's program runs; a JS object per event would cost time and garbage-collect
 * unpredictably mid-run. Capacity doubles, so appends are amortised O(1).
 *
 * Every column is backed by an Int32Array (one element kind keeps `push` monomorphic
 * on the hot path); addresses are stored as their int32 bit pattern and come back
 * unsigned from `toUint32`.
 */
export class Column {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i] ?? 0;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  /** Drop the last element (used to retract an event the instrumentation itself caused). */
  pop(): void {
    if (this.length > 0) this.length--;
  }

  /** Right-sized copies: what leaves the recorder and may be transferred. */
  toInt32(): Int32Array {
    return this.data.slice(0, this.length);
  }

  toUint32(): Uint32Array {
    return new Uint32Array(this.data.buffer.slice(0, this.length * 4));
  }

  toUint8(): Uint8Array {
    return Uint8Array.from(this.data.subarray(0, this.length));
  }

  /** Bytes held, for the capacity figures. */
  get byteLength(): number {
    return this.data.byteLength;
  }

  private grow(): void {
    const next = new Int32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

/**
 * Fixed-width records in one growable Int32Array (`width` numbers per record). The two
 * hottest streams, tracer events and steps, use this: one bounds check per record and
 * sequential writes, instead of one per field across several columns.
 */
export class Records {
  data: Int32Array;
  /** Numbers written (records × width). */
  used = 0;

  constructor(
    readonly width: number,
    capacity: number,
  ) {
    this.data = new Int32Array(capacity * width);
  }

  get count(): number {
    return this.used / this.width;
  }

  /** Make room for one more record and return its offset in `data`. */
  next(): number {
    if (this.used + this.width > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.used;
    this.used += this.width;
    return at;
  }

  get(record: number, field: number): number {
    return this.data[record * this.width + field] ?? 0;
  }

  set(record: number, field: number, value: number): void {
    this.data[record * this.width + field] = value;
  }

  /** Drop the last record. */
  pop(): void {
    if (this.used >= this.width) this.used -= this.width;
  }

  /** Field `field` of every record, as its own right-sized column. */
  field(field: number): Int32Array {
    const n = this.count;
    const out = new Int32Array(n);
    for (let i = 0, j = field; i < n; i++, j += this.width) out[i] = this.data[j] ?? 0;
    return out;
  }

  get byteLength(): number {
    return this.data.byteLength;
  }
}
