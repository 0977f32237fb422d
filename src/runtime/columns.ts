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

/** Records per chunk: 16,384 (256 KiB for four numbers a record). */
const CHUNK_SHIFT = 14;
const CHUNK_RECORDS = 1 << CHUNK_SHIFT;

/**
 * Chunks of recordings already turned into traces (`Records.release`), kept for the next
 * run in this worker, up to POOL_BYTES. Memory touched for the first time costs a page
 * fault and the kernel's zeroing per page: filling fresh chunks took 5–7x as long as
 * clearing and filling reused ones (72 MB, the seed loop's reference events), and a traced
 * run writes a hundred megabytes or more.
 */
const POOL_BYTES = 64 * 2 ** 20;
const pool = new Map<number, Int32Array[]>();
let pooledBytes = 0;

/**
 * A chunk of `length` numbers: a released one when there is one, as it was left. Not cleared:
 * every record is written whole (`next`'s callers set every field, `append` copies whole
 * records) and nothing past `count` is ever read, so clearing 64 MB cost ~8 ms a run for
 * nothing.
 */
function takeChunk(length: number): Int32Array {
  const chunk = pool.get(length)?.pop();
  if (!chunk) return new Int32Array(length);
  pooledBytes -= chunk.byteLength;
  return chunk;
}

/**
 * Fixed-width records (`width` numbers each) in a list of fixed-size Int32Array chunks.
 * The hot streams, tracer events and steps, use this: one bounds check per record and
 * sequential writes.
 *
 * Why chunks rather than one doubling array: doubling copies everything recorded so far
 * and asks the allocator for ever larger zeroed buffers while the user's program runs;
 * measured on the seed loop, growing the streams that way took about a third of the
 * traced run. A new chunk is a small allocation and nothing is ever copied until the
 * run is over (`field`).
 *
 * The hot path writes through `data` (the current chunk) at the offset `next` returns.
 */
export class Records {
  /** The chunk being written. */
  data: Int32Array;
  private readonly chunks: Int32Array[];
  /** Numbers written into the current chunk. */
  private pos = 0;
  /** Records written in all. */
  count = 0;

  constructor(readonly width: number) {
    this.data = takeChunk(CHUNK_RECORDS * width);
    this.chunks = [this.data];
  }

  /** Append `n` records laid out as here, from `src` at `start` (the WebAssembly recorder's regions). */
  append(src: Int32Array, start: number, n: number): void {
    let from = start;
    let left = n * this.width;
    if (left <= 32 && this.pos + left <= this.data.length) {
      // A few records (a drain at every step): a loop costs less than a view and a copy.
      const d = this.data;
      for (let k = 0; k < left; k++) d[this.pos + k] = src[from + k]!;
      this.pos += left;
      this.count += n;
      return;
    }
    while (left > 0) {
      if (this.pos === this.data.length) this.nextChunk();
      const k = Math.min(left, this.data.length - this.pos);
      this.data.set(src.subarray(from, from + k), this.pos);
      this.pos += k;
      from += k;
      left -= k;
    }
    this.count += n;
  }

  /** Make room for one more record and return its offset in `data`. */
  next(): number {
    if (this.pos === this.data.length) this.nextChunk();
    const at = this.pos;
    this.pos = at + this.width;
    this.count++;
    return at;
  }

  private nextChunk(): void {
    this.data = takeChunk(CHUNK_RECORDS * this.width);
    this.chunks.push(this.data);
    this.pos = 0;
  }

  get(record: number, field: number): number {
    return this.chunks[record >>> CHUNK_SHIFT]![(record & (CHUNK_RECORDS - 1)) * this.width + field]!;
  }

  set(record: number, field: number, value: number): void {
    this.chunks[record >>> CHUNK_SHIFT]![(record & (CHUNK_RECORDS - 1)) * this.width + field] = value;
  }

  /** Drop the last record (used to retract an event the instrumentation itself caused). */
  pop(): void {
    if (this.count === 0) return;
    if (this.pos === 0) {
      // The last record is at the end of the previous chunk.
      this.chunks.pop();
      this.data = this.chunks[this.chunks.length - 1]!;
      this.pos = this.data.length;
    }
    this.pos -= this.width;
    this.count--;
  }

  /** Field `field` of every record, as its own right-sized column. */
  field(field: number): Int32Array {
    const out = new Int32Array(this.count);
    const w = this.width;
    let i = 0;
    for (const chunk of this.chunks) {
      const n = Math.min(CHUNK_RECORDS, this.count - i);
      for (let j = field, k = 0; k < n; k++, j += w) out[i + k] = chunk[j]!;
      i += n;
    }
    return out;
  }

  /** Bytes held, for the capacity figures. */
  get byteLength(): number {
    return this.chunks.length * CHUNK_RECORDS * this.width * 4;
  }

  /** The records are no longer read (the trace is built): their chunks go to the next run. */
  release(): void {
    for (const chunk of this.chunks) {
      if (pooledBytes + chunk.byteLength > POOL_BYTES) break;
      pooledBytes += chunk.byteLength;
      const free = pool.get(chunk.length);
      if (free) free.push(chunk);
      else pool.set(chunk.length, [chunk]);
    }
    this.chunks.length = 0;
    this.data = new Int32Array(0);
    this.pos = 0;
    this.count = 0;
  }
}
