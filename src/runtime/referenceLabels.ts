/**
 * The labels of ./references, as Python spells them: `[0]`, `['key']`, `[1]`, `.attr`,
 * `[key#N]`. Each label is a number on the hot path; its text is made once, the first
 * time it is needed, and str keys are read from memory only when not seen before (their
 * cached label is checked against the str's hash: an address can be reused).
 */
import { readStr } from './preview';
import type { WasmModule } from './wasm';
import { AddressMap } from '../trace/addressMap';

/** PyASCIIObject.hash on wasm32 (after ob_refcnt, ob_type, length). */
const STR_HASH = 12;
/** Longer str keys are labelled `[key#N]`, not spelled out (docs/trace-format.md). */
export const KEY_CHARS = 40;

export class ReferenceLabels {
  /** The labels, indexed by number. */
  readonly texts: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private readonly indexLabels: number[] = [];
  private readonly intLabels = new Map<number, number>();
  /** str key → slot in the key caches; each checked against the str's hash (an address can be reused). */
  private readonly strKeys = new AddressMap(256);
  private readonly strKeyHash: number[] = [];
  private readonly strKeyItem: number[] = [];
  private readonly strKeyAttr: number[] = [];

  constructor(private readonly m: WasmModule) {}

  /** Index of label `text`, added on first use. */
  label(text: string): number {
    let i = this.labelIndex.get(text);
    if (i === undefined) {
      i = this.texts.push(text) - 1;
      this.labelIndex.set(text, i);
    }
    return i;
  }

  /** `[k]`, a list or tuple item. */
  item(k: number): number {
    let label = this.indexLabels[k];
    if (label === undefined) label = this.indexLabels[k] = this.label(`[${k}]`);
    return label;
  }

  /** `.name` or `['name']` for a str key; -1 when it is too long to spell out. */
  strKey(heap: Uint32Array, key: number, attr: boolean): number {
    const hash = (heap[(key + STR_HASH) >>> 2] ?? 0) | 0;
    let slot = this.strKeys.get(key);
    if (slot < 0 || this.strKeyHash[slot] !== hash) {
      const length = heap[(key >>> 2) + 2] ?? 0;
      let item = -1;
      let dotted = -1;
      if (length <= KEY_CHARS) {
        const text = readStr(this.m, key);
        item = this.label(`[${pyRepr(text)}]`);
        dotted = /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) ? this.label(`.${text}`) : item;
      }
      if (slot < 0) {
        slot = this.strKeyHash.length;
        this.strKeys.set(key, slot);
      }
      this.strKeyHash[slot] = hash;
      this.strKeyItem[slot] = item;
      this.strKeyAttr[slot] = dotted;
    }
    return (attr ? this.strKeyAttr[slot] : this.strKeyItem[slot]) ?? -1;
  }

  /** `[5]` for a one-digit int key (3.14's compact ints); -1 for bigger ones. */
  intKey(heap: Uint32Array, key: number): number {
    const tag = heap[(key >>> 2) + 2] ?? 0;
    if (tag >>> 3 > 1) return -1;
    const sign = tag & 3;
    const value = sign === 1 ? 0 : sign === 2 ? -(heap[(key >>> 2) + 3] ?? 0) : (heap[(key >>> 2) + 3] ?? 0);
    let label = this.intLabels.get(value);
    if (label === undefined) {
      label = this.label(`[${value}]`);
      this.intLabels.set(value, label);
    }
    return label;
  }
}

/** A str as Python's repr spells it (quotes and the common escapes). */
function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch < ' ') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}
