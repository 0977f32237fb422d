/**
 * The URL hash format: `#code=<lz-string compressToEncodedURIComponent(source)>`,
 * optionally followed by `&run=1` to run the program once Python is ready, and by
 * `&steps=N` / `&seconds=S` to change the run's budgets (defaults: 100,000 and 10).
 * View settings that apply with or without a program: `&lang=en|zh-CN`, `&present=1`.
 */
// lz-string is CommonJS without named ESM exports; the default import works in Vite and Node.
import LZString from 'lz-string';
import type { RunLimits } from '../protocol/messages';
import { isLang, matchLang, type Lang } from '../i18n/lang';

/** Budgets a link may ask for, within these bounds. */
export const LIMIT_BOUNDS = {
  maxSteps: { min: 1, max: 10_000_000 },
  maxSeconds: { min: 0.1, max: 120 },
} as const;

export type HashLimits = Partial<Pick<RunLimits, 'maxSteps' | 'maxSeconds'>>;

export interface HashProgram {
  /** The program from the hash, or null when there is none (or it is unreadable). */
  source: string | null;
  /** `run=1` was given and the program is readable. */
  run: boolean;
  /** Set when the hash held a program that could not be read. */
  notice: string | null;
  /** Budgets given in the hash (only valid ones). */
  limits: HashLimits;
}

export const BROKEN_LINK_NOTICE =
  'The program in this link could not be read (the link may be cut short). Showing the default example instead.';

function hashParams(hash: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    // Not URLSearchParams: it would read the '+' of lz-string's alphabet as a space.
    params.set(key, eq === -1 ? '' : part.slice(eq + 1));
  }
  return params;
}

/** View settings a link may carry, independent of the program: `&lang=en|zh-CN`, `&present=1|0`. */
export interface HashView {
  /** UI language, or null when absent or not one of ours. */
  lang: Lang | null;
  /** Presentation mode on (1) or off (0), or null when absent. */
  present: boolean | null;
}

/** Reads `lang` and `present` from a hash; anything else is left to `parseHash`. */
export function parseHashView(hash: string): HashView {
  const params = hashParams(hash);
  const lang = safeDecodeURIComponent(params.get('lang') ?? '');
  const present = params.get('present');
  return {
    // `zh`, `zh-cn` and `en-GB` are read as the catalogs they mean.
    lang: isLang(lang) ? lang : /^(en|zh)([-_]\w+)*$/i.test(lang) ? matchLang([lang.replace('_', '-')]) : null,
    present: present === '1' || present === 'true' ? true : present === '0' || present === 'false' ? false : null,
  };
}

/** Reads a program from `location.hash` (with or without the leading '#'). */
export function parseHash(hash: string): HashProgram {
  const params = hashParams(hash);
  const code = params.get('code');
  if (code === undefined) return { source: null, run: false, notice: null, limits: {} };
  const source = decode(code);
  if (source === null) return { source: null, run: false, notice: BROKEN_LINK_NOTICE, limits: {} };
  const limits: HashLimits = {};
  const steps = bounded(params.get('steps'), LIMIT_BOUNDS.maxSteps);
  if (steps !== null) limits.maxSteps = Math.round(steps);
  const seconds = bounded(params.get('seconds'), LIMIT_BOUNDS.maxSeconds);
  if (seconds !== null) limits.maxSeconds = seconds;
  return { source, run: params.get('run') === '1', notice: null, limits };
}

/** The hash for a program: `#code=...`, `&run=1` when asked, then any budgets given. */
export function buildHash(source: string, run = false, limits: HashLimits = {}): string {
  let hash = `#code=${LZString.compressToEncodedURIComponent(source)}`;
  if (run) hash += '&run=1';
  if (limits.maxSteps !== undefined) hash += `&steps=${limits.maxSteps}`;
  if (limits.maxSeconds !== undefined) hash += `&seconds=${limits.maxSeconds}`;
  return hash;
}

function bounded(value: string | undefined, range: { min: number; max: number }): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= range.min && n <= range.max ? n : null;
}

function decode(code: string): string | null {
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(safeDecodeURIComponent(code));
  } catch {
    return null;
  }
  // A damaged payload often still decompresses, into noise: reject what no program contains.
  return text && looksLikeText(text) ? text : null;
}

function safeDecodeURIComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** False for control characters (other than tab, newline, carriage return), U+FFFD and lone surrogates. */
function looksLikeText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    if (c === 0xfffd) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}
