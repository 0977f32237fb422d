/**
 * Short value previews (`42`, `1.5`, `'abc'`, `True`, `None`, `(3 items)`) read straight
 * from an object's memory, so that the variables panel can show values without running
 * `repr` (which would run Python, allocate, and could run the user's own code).
 * Only immutable built-in types: their value cannot change after the preview is taken.
 */
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

const MAX_CHARS = 40;

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

export function makePreviewer(m: WasmModule, types: PreviewTypes): (obj: number) => string | null {
  return (obj) => {
    const heap = m.HEAPU32;
    const type = heap[(obj >>> 2) + 1] ?? 0;
    if (type === types.int) return intPreview(heap, obj);
    if (type === types.float) return floatPreview(new Float64Array(heap.buffer)[(obj + 8) >>> 3] ?? 0);
    if (type === types.str) {
      const length = heap[(obj >>> 2) + 2] ?? 0;
      const text = readStr(m, obj, MAX_CHARS);
      return JSON.stringify(text).replace(/^"|"$/g, "'").concat(length > MAX_CHARS ? '…' : '');
    }
    if (type === types.bool) return obj === types.true ? 'True' : 'False';
    if (type === types.noneType) return 'None';
    if (type === types.tuple) {
      const n = heap[(obj >>> 2) + 2] ?? 0;
      return n === 0 ? '()' : `(${n} item${n === 1 ? '' : 's'})`;
    }
    return null;
  };
}

/** CPython 3.12+ ints: lv_tag (sign in bits 0-1, digit count above bit 3), then 30-bit digits. */
function intPreview(heap: Uint32Array, obj: number): string {
  const tag = heap[(obj >>> 2) + 2] ?? 0;
  const sign = tag & 3;
  const digits = tag >>> 3;
  if (sign === 1 || digits === 0) return '0';
  if (digits === 1) return `${sign === 2 ? '-' : ''}${heap[(obj >>> 2) + 3] ?? 0}`;
  if (digits > 8) return `<int of ${digits * 9}+ digits>`;
  let value = 0n;
  for (let i = digits - 1; i >= 0; i--) value = (value << 30n) | BigInt(heap[(obj >>> 2) + 3 + i] ?? 0);
  const text = `${sign === 2 ? '-' : ''}${value}`;
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}

/** Python's repr of a float for the common cases (`1.0`, `1.5`, `1e+20`, `inf`, `nan`). */
export function floatPreview(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x);
}
