/**
 * Unsigned LEB128 varints over zigzag-mapped integers, the byte layer of the compact
 * recording (./compact.ts). Values go through float arithmetic, not 32-bit bit operations,
 * because differences of Uint32 addresses and Int32 steps need 33 bits; anything up to
 * 2^53 is exact.
 */

/** A growable byte buffer that varints and raw bytes are appended to. */
export class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private n = 0;

  private room(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  /** A non-negative integer (< 2^53). */
  uint(v: number): void {
    this.room(8);
    const buf = this.buf;
    let n = this.n;
    // Bit operations while the value fits 31 bits (nearly always), float arithmetic above.
    if (v < 0x80000000) {
      while (v >= 128) {
        buf[n++] = (v & 127) | 128;
        v >>>= 7;
      }
      buf[n++] = v;
      this.n = n;
      return;
    }
    while (v >= 128) {
      buf[n++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    buf[n++] = v;
    this.n = n;
  }

  /** Any integer (|v| < 2^52), zigzag-mapped so that small negatives stay short. */
  int(v: number): void {
    this.uint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  bytes(b: Uint8Array): void {
    this.uint(b.length);
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** Thrown by `ByteReader` when the bytes end early or a varint is longer than any value written. */
export class TruncatedError extends Error {}

/** Reads what `ByteWriter` wrote, in the same order. */
export class ByteReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get length(): number {
    return this.buf.length;
  }

  uint(): number {
    const buf = this.buf;
    let p = this.pos;
    if (p >= buf.length) throw new TruncatedError('the recording ends early');
    let b = buf[p++]!;
    let v = b & 127;
    let mul = 128;
    while (b >= 128) {
      if (p >= buf.length || mul > 2 ** 49) throw new TruncatedError('the recording ends early or is damaged');
      b = buf[p++]!;
      v += (b & 127) * mul;
      mul *= 128;
    }
    this.pos = p;
    return v;
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  /**
   * Zigzag varints into `out[from…to)`, each as a 32-bit integer: what does not fit (the
   * difference of two Uint32 addresses) wraps modulo 2^32, which the column codings undo
   * exactly because they add in the same modulus (./compact.ts). The hot loop of reading a
   * recording: one Int32Array for every column (a store site that saw three array kinds ran
   * at a third of the speed), a one-byte fast path in integer arithmetic.
   */
  varints(out: Int32Array, from: number, to: number): void {
    const buf = this.buf;
    const len = buf.length;
    let p = this.pos;
    for (let i = from; i < to; i++) {
      if (p >= len) throw new TruncatedError('the recording ends early');
      let b = buf[p++]!;
      if (b < 128) {
        out[i] = (b >>> 1) ^ -(b & 1);
        continue;
      }
      let z = b & 127;
      let mul = 128;
      do {
        if (p >= len || mul > 2 ** 49) throw new TruncatedError('the recording ends early or is damaged');
        b = buf[p++]!;
        z += (b & 127) * mul;
        mul *= 128;
      } while (b >= 128);
      out[i] = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    }
    this.pos = p;
  }

  bytes(): Uint8Array {
    const n = this.uint();
    if (this.pos + n > this.buf.length) throw new TruncatedError('the recording ends early');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
