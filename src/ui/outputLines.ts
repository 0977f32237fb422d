/**
 * The program's output as lines, for a view that draws only the lines on screen.
 *
 * Output arrives as chunks (the text one step wrote to one stream), up to the engine's
 * cap of a million characters: half a million lines for `while True: print(1)`. Laying
 * all of that out as one block of text costs Chromium a second per update, so the panel
 * renders a window of lines, and this index says where each line starts. It grows with
 * the chunks (the store appends; earlier chunks never change) in time proportional to
 * the new text, and holds two integers per line. No React here.
 */
import type { OutputChunk } from '../trace/types';

/** A piece of one line written by one step to one stream. */
export interface OutputSegment {
  text: string;
  stream: OutputChunk['stream'];
  step: number;
}

/**
 * Segments in one line beyond which consecutive segments of a stream are merged (they
 * then link to the step of the first): `print(i, end=' ')` in a loop makes one line of
 * many thousand steps, which should not become as many elements.
 */
export const MAX_SEGMENTS = 64;

/** Line starts, appended to by successive snapshots; `used` entries are filled. */
interface LineBuffer {
  /** Per line: the chunk holding its first character, and that character's offset. */
  chunk: Int32Array;
  offset: Int32Array;
  used: number;
}

const newBuffer = (capacity: number): LineBuffer => ({
  chunk: new Int32Array(capacity),
  offset: new Int32Array(capacity),
  used: 0,
});

/**
 * An immutable snapshot of the index for one array of chunks. `extend` makes the next
 * snapshot; snapshots share an append-only buffer, copied when an older snapshot is
 * extended again (React may render twice from the same state).
 */
export class OutputLines {
  static readonly EMPTY = new OutputLines([], newBuffer(0), 0, 0, true);

  private constructor(
    /** The chunks this snapshot indexes (the store's array, never edited). */
    readonly chunks: readonly OutputChunk[],
    private readonly buf: LineBuffer,
    /** Number of lines (a last line without its newline counts). */
    readonly count: number,
    /** Characters of output. */
    readonly chars: number,
    /** The character after the last one begins a new line. */
    private readonly atLineStart: boolean,
  ) {}

  /**
   * The index of `chunks`. When `chunks` extends this snapshot's array (same leading
   * chunks), only the new ones are read; otherwise the index is built afresh.
   */
  extend(chunks: readonly OutputChunk[]): OutputLines {
    if (chunks === this.chunks) return this;
    const n = this.chunks.length;
    const extendsThis = chunks.length >= n && (n === 0 || (chunks[0] === this.chunks[0] && chunks[n - 1] === this.chunks[n - 1]));
    if (!extendsThis) return OutputLines.EMPTY.extend(chunks);
    let buf = this.buf;
    if (buf.used !== this.count) {
      // Another snapshot was made from this one: write into a copy.
      const copy = newBuffer(Math.max(16, this.count * 2));
      copy.chunk.set(buf.chunk.subarray(0, this.count));
      copy.offset.set(buf.offset.subarray(0, this.count));
      copy.used = this.count;
      buf = copy;
    }
    let count = this.count;
    let chars = this.chars;
    let atLineStart = this.atLineStart;
    for (let c = n; c < chunks.length; c++) {
      const text = chunks[c]?.text ?? '';
      chars += text.length;
      let from = 0;
      while (from < text.length) {
        if (atLineStart) {
          if (count === buf.chunk.length) buf = grow(buf, count);
          buf.chunk[count] = c;
          buf.offset[count] = from;
          count++;
          atLineStart = false;
        }
        const nl = text.indexOf('\n', from);
        if (nl < 0) break;
        from = nl + 1;
        atLineStart = true;
      }
    }
    buf.used = count;
    return new OutputLines(chunks, buf, count, chars, atLineStart);
  }

  /** The text of line `i` (with its newline, if it has one), split by step and stream. */
  segments(i: number): OutputSegment[] {
    if (i < 0 || i >= this.count) return [];
    const c0 = this.buf.chunk[i] ?? 0;
    const o0 = this.buf.offset[i] ?? 0;
    const more = i + 1 < this.count;
    const c1 = more ? (this.buf.chunk[i + 1] ?? 0) : this.chunks.length - 1;
    const o1 = more ? (this.buf.offset[i + 1] ?? 0) : undefined;
    const out: OutputSegment[] = [];
    for (let c = c0; c <= c1; c++) {
      const chunk = this.chunks[c];
      if (!chunk) continue;
      const text = chunk.text.slice(c === c0 ? o0 : 0, c === c1 ? o1 : undefined);
      if (text) out.push({ text, stream: chunk.stream, step: chunk.step });
    }
    return out.length > MAX_SEGMENTS ? mergeStreams(out) : out;
  }

  /** The step that wrote the first character of line `i`. */
  stepOf(i: number): number {
    if (i < 0 || i >= this.count) return 0;
    return this.chunks[this.buf.chunk[i] ?? -1]?.step ?? 0;
  }

  /**
   * The last line holding output written at or before `step` (chunks are in step order),
   * or -1 when nothing was written by then.
   */
  lastLineAt(step: number): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.chunks[mid]?.step ?? 0) <= step) lo = mid + 1;
      else hi = mid;
    }
    const c = lo - 1;
    if (c < 0) return -1;
    // The line holding chunk c's last character: the last line starting at or before it.
    const end = Math.max((this.chunks[c]?.text.length ?? 1) - 1, 0);
    let a = 0;
    let b = this.count;
    while (a < b) {
      const mid = (a + b) >> 1;
      const mc = this.buf.chunk[mid] ?? 0;
      if (mc < c || (mc === c && (this.buf.offset[mid] ?? 0) <= end)) a = mid + 1;
      else b = mid;
    }
    return a - 1;
  }
}

function grow(buf: LineBuffer, used: number): LineBuffer {
  const next = newBuffer(Math.max(256, buf.chunk.length * 2));
  next.chunk.set(buf.chunk.subarray(0, used));
  next.offset.set(buf.offset.subarray(0, used));
  next.used = used;
  return next;
}

function mergeStreams(segments: OutputSegment[]): OutputSegment[] {
  const merged: OutputSegment[] = [];
  let parts: string[] = [];
  let head: OutputSegment | null = null;
  for (const s of segments) {
    if (head && s.stream !== head.stream) {
      merged.push({ ...head, text: parts.join('') });
      head = null;
    }
    if (!head) {
      head = s;
      parts = [];
    }
    parts.push(s.text);
  }
  if (head) merged.push({ ...head, text: parts.join('') });
  return merged;
}
