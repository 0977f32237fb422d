/**
 * Short value previews (`42`, `1.5`, `'abc'`, `True`, `None`, `(3 items)`) read straight
 * from an object's memory, so that the variables panel can show values without running
 * `repr` (which would run Python, allocate, and could run the user's own code).
 * Only immutable built-in types: their value cannot change after the preview is taken.
 * The reader writes numbers (see trace/preview.ts); text is made after the run.
 */
import { PreviewKind } from '../trace/preview';
import type { WasmModule } from './wasm';

export interface PreviewTypes {
  int: number;
  float: number;
  str: number;
  bool: number;
  tuple: number;
  noneType: number;
  true: number;
}

/** Characters of a str preview (./assembly/recorder.ts copies as many). */
export const MAX_CHARS = 40;

/** Printable ASCII but the double quote and the backslash: what JSON.stringify leaves as it is. */
const NOTHING_TO_ESCAPE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A str preview's text from its first MAX_CHARS characters and its length: quoted, cut with an ellipsis. */
export function strPreviewText(start: string, length: number): string {
  // JSON's escapes between single quotes (JSON.stringify always adds the double ones); most
  // strings have nothing to escape, and a test costs less than the JSON.
  const text = `'${NOTHING_TO_ESCAPE.test(start) ? start : JSON.stringify(start).slice(1, -1)}'`;
  return length > MAX_CHARS ? `${text}…` : text;
}

/** Text of a compact str object (PyASCIIObject is 20 bytes on wasm32, PyCompactUnicodeObject 28). */
export function readStr(m: WasmModule, obj: number, limit = Infinity): string {
  const heap = m.HEAPU32;
  const length = heap[(obj >>> 2) + 2] ?? 0;
  const state = heap[(obj >>> 2) + 4] ?? 0;
  const kind = (state >>> 2) & 7;
  const ascii = (state >>> 6) & 1;
  const data = obj + (ascii ? 20 : 28);
  const bytes = m.HEAPU8;
  let s = '';
  for (let i = 0; i < Math.min(length, limit); i++) {
    const c =
      kind === 1
        ? (bytes[data + i] ?? 0)
        : kind === 2
          ? (bytes[data + 2 * i] ?? 0) | ((bytes[data + 2 * i + 1] ?? 0) << 8)
          : (heap[(data >>> 2) + i] ?? 0);
    s += String.fromCodePoint(c);
  }
  return s;
}

/**
 * A reader that writes (kind, a, b) for `obj` at `out[at..at+2]` and returns true, or
 * returns false when the object gets no preview. Strings and big ints go to `texts`.
 */
export type PreviewReader = (heap: Uint32Array, obj: number, out: Int32Array, at: number, texts: string[]) => boolean;

export function makePreviewReader(m: WasmModule, types: PreviewTypes): PreviewReader {
  // `heap` is the caller's cached view: reading m.HEAPU32 (a property of a very large
  // object) on every call costs more than the rest of the reader.
  return (heap, obj, out, at, texts) => {
    const word = obj >>> 2;
    const type = heap[word + 1] ?? 0;
    let kind: number;
    let a = 0;
    let b = 0;
    if (type === types.int) {
      const tag = heap[word + 2] ?? 0;
      const digits = tag >>> 3;
      if ((tag & 3) === 1 || digits === 0) kind = PreviewKind.int;
      else if (digits === 1) {
        kind = PreviewKind.int;
        a = (tag & 3) === 2 ? -(heap[word + 3] ?? 0) : (heap[word + 3] ?? 0);
      } else {
        kind = PreviewKind.text;
        a = texts.push(bigIntText(heap, obj, tag)) - 1;
      }
    } else if (type === types.float) {
      kind = PreviewKind.float;
      a = heap[word + 2] ?? 0;
      b = heap[word + 3] ?? 0;
    } else if (type === types.str) {
      kind = PreviewKind.text;
      a = texts.push(strPreviewText(readStr(m, obj, MAX_CHARS), heap[word + 2] ?? 0)) - 1;
    } else if (type === types.bool) kind = obj === types.true ? PreviewKind.true : PreviewKind.false;
    else if (type === types.noneType) kind = PreviewKind.none;
    else if (type === types.tuple) {
      kind = PreviewKind.tuple;
      a = heap[word + 2] ?? 0;
    } else return false;
    out[at] = kind;
    out[at + 1] = a;
    out[at + 2] = b;
    return true;
  };
}

/** CPython 3.12+ ints: lv_tag (sign in bits 0-1, digit count above bit 3), then 30-bit digits. */
function bigIntText(heap: Uint32Array, obj: number, tag: number): string {
  const digits = tag >>> 3;
  if (digits > 8) return `<int of ${digits * 9}+ digits>`;
  let value = 0n;
  for (let i = digits - 1; i >= 0; i--) value = (value << 30n) | BigInt(heap[(obj >>> 2) + 3 + i] ?? 0);
  const text = `${(tag & 3) === 2 ? '-' : ''}${value}`;
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}
