/**
 * The share link: every parameter a Refscope URL hash can carry, read and written in one
 * place (the app, the embed and the "Open in Refscope" link all use it). No React, no store.
 *
 * `#key=value&key=value…`, every key optional, unknown keys ignored:
 *
 * | key       | value                                                   | meaning                                   |
 * |-----------|---------------------------------------------------------|-------------------------------------------|
 * | `check`   | FNV-1a hash of the program, base 36                     | detects a `code` cut short or mangled     |
 * | `code`    | lz-string `compressToEncodedURIComponent(program)`      | the program in the editor                 |
 * | `run`     | `1` / `0`                                               | run it as soon as Python is ready         |
 * | `step`    | whole number ≥ 0                                        | the cursor, once the run (or replay) ends |
 * | `seed`    | whole number 0…4294967295                               | PYTHONHASHSEED of the interpreter         |
 * | `all`     | `1` / `0`                                               | show every object (pre-existing, immortal)|
 * | `lang`    | `en`, `zh-CN` (`zh`, `en-GB`… read as the catalog meant)| UI language                               |
 * | `present` | `1` / `0`                                               | presentation mode                         |
 * | `view`    | `heap` / `variables`                                    | what the inspect panel shows              |
 * | `theme`   | `light` / `dark`                                        | colours, whatever the reader's system asks|
 * | `steps`   | 1…10,000,000                                            | step budget (default 100,000)             |
 * | `seconds` | 0.1…120                                                 | time budget (default 10)                  |
 * | `trace`   | URL (relative to the page, or http/https)               | replay this saved trace JSON, no Python   |
 * | `tracez`  | compact recording in base64url (./tracez.ts; older links: lz-string JSON) | replay this inline trace, no Python |
 *
 * Links written here start with `check`: a link cut short (chat apps and mail do that to
 * long URLs) can still decompress into the first lines of the program, and the check is
 * what tells. Links without it (older ones, hand-made ones) are read as before.
 *
 * `true`/`false` are read like `1`/`0`. A value that cannot be read is ignored and
 * reported as a problem (the page shows it); a program that cannot be read, or is too
 * long, is refused as a whole (the page shows the default example instead).
 */
// lz-string is CommonJS without named ESM exports; the default import works in Vite and Node.
import LZString from 'lz-string';
import { isLang, matchLang, type Lang } from '../i18n/lang';

/** Every key a link may carry, in the order `buildLink` writes them. */
export const LINK_KEYS = ['check', 'code', 'run', 'step', 'seed', 'all', 'lang', 'present', 'view', 'theme', 'steps', 'seconds', 'trace', 'tracez'] as const;

/** What the panel under the step controls shows: the variables (the default) or the heap. */
export const INSPECT_VIEWS = ['variables', 'heap'] as const;
export type InspectView = (typeof INSPECT_VIEWS)[number];
export type LinkKey = (typeof LINK_KEYS)[number];

/** A colour scheme a link may choose (without one, the page follows the reader's system). */
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Budgets a link may ask for, within these bounds. */
export const LIMIT_BOUNDS = {
  maxSteps: { min: 1, max: 10_000_000 },
  maxSeconds: { min: 0.1, max: 120 },
} as const;

/** The longest program a link may carry, in characters (longer ones are refused). */
export const MAX_SOURCE_CHARS = 100_000;
/** `code` longer than this is refused before it is decompressed. */
export const MAX_CODE_PARAM_CHARS = 400_000;
/** `tracez` longer than this is refused (browsers cap URLs near 2 MB anyway). */
export const MAX_TRACEZ_CHARS = 2_000_000;
/** Longest `trace` URL. */
export const MAX_TRACE_URL_CHARS = 2048;
/** Largest `step`. */
export const MAX_STEP = 1_000_000_000;
/** Largest `seed` (PYTHONHASHSEED is an unsigned 32-bit number). */
export const MAX_SEED = 4_294_967_295;

/** What a link asks for. `null` means "not in the link": the page keeps its own value. */
export interface LinkView {
  source: string | null;
  run: boolean;
  step: number | null;
  seed: number | null;
  all: boolean | null;
  lang: Lang | null;
  present: boolean | null;
  view: InspectView | null;
  theme: Theme | null;
  maxSteps: number | null;
  maxSeconds: number | null;
  /** URL of a trace JSON to replay, as written in the link (resolve against the page). */
  trace: string | null;
  /** An inline trace, still encoded (decode with `tracezBytes`, ./tracez.ts). */
  tracez: string | null;
}

/** Something in a link the page could not use; shown to the reader (localized by kind). */
export type LinkProblem =
  /** `code` is not a program (cut short, mangled): the default example is shown. */
  | { kind: 'broken-code' }
  /** `code` holds a program longer than `MAX_SOURCE_CHARS`: refused. */
  | { kind: 'code-too-long'; max: number }
  /** A value that is not one this key takes: ignored. */
  | { kind: 'bad-value'; key: LinkKey; value: string }
  /** The trace to replay could not be loaded (`fetch`), decompressed (`unreadable`) or read (`format`). */
  | { kind: 'trace-failed'; reason: 'too-long' | 'unreadable' | 'fetch' | 'format'; detail: string }
  /** A trace file (opened or dropped) could not be read. */
  | { kind: 'bad-file'; name: string; detail: string }
  /** A download (a picture or a trace) could not be made. */
  | { kind: 'download-failed'; name: string; detail: string };

export interface ParsedLink {
  view: LinkView;
  problems: LinkProblem[];
}

export const EMPTY_VIEW: LinkView = {
  source: null,
  run: false,
  step: null,
  seed: null,
  all: null,
  lang: null,
  present: null,
  view: null,
  theme: null,
  maxSteps: null,
  maxSeconds: null,
  trace: null,
  tracez: null,
};

/**
 * The hash's key/value pairs, undecoded. Not URLSearchParams: it would read the '+' of
 * lz-string's alphabet as a space. The last of a repeated key wins.
 */
export function linkParams(hash: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    params.set(eq === -1 ? part : part.slice(0, eq), eq === -1 ? '' : part.slice(eq + 1));
  }
  return params;
}

/** Reads a URL hash (with or without its '#'). Never throws. */
export function parseLink(hash: string): ParsedLink {
  const params = linkParams(hash);
  const view: LinkView = { ...EMPTY_VIEW };
  const problems: LinkProblem[] = [];
  const bad = (key: LinkKey, raw: string): void => {
    const value = safeDecodeURIComponent(raw);
    problems.push({ key, kind: 'bad-value', value: value.length > 40 ? `${value.slice(0, 39)}…` : value });
  };

  const code = params.get('code');
  const check = params.get('check');
  if (check !== undefined && !/^[0-9a-z]{1,7}$/.test(check)) bad('check', check);
  const expected = check !== undefined && /^[0-9a-z]{1,7}$/.test(check) ? check : null;
  if (code !== undefined) {
    const read = readCode(code);
    if (typeof read !== 'string') problems.push(read);
    else if (expected !== null && checksum(read) !== expected) problems.push({ kind: 'broken-code' });
    else view.source = read;
  } else if (expected !== null) {
    // The link was cut before its program.
    problems.push({ kind: 'broken-code' });
  }

  const flag = (key: 'run' | 'all' | 'present'): boolean | null => {
    const raw = params.get(key);
    if (raw === undefined) return null;
    const value = readFlag(raw);
    if (value === null) bad(key, raw);
    return value;
  };
  // A program that cannot be read is never run.
  view.run = (flag('run') ?? false) && view.source !== null;
  view.all = flag('all');
  view.present = flag('present');

  const int = (key: 'step' | 'seed', max: number): number | null => {
    const raw = params.get(key);
    if (raw === undefined) return null;
    const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (n >= 0 && n <= max) return n;
    bad(key, raw);
    return null;
  };
  view.step = int('step', MAX_STEP);
  view.seed = int('seed', MAX_SEED);

  const lang = params.get('lang');
  if (lang !== undefined) {
    view.lang = readLang(safeDecodeURIComponent(lang));
    if (view.lang === null) bad('lang', lang);
  }

  const inspect = params.get('view');
  if (inspect !== undefined) {
    view.view = (INSPECT_VIEWS as readonly string[]).includes(inspect) ? (inspect as InspectView) : null;
    if (view.view === null) bad('view', inspect);
  }

  const theme = params.get('theme');
  if (theme !== undefined) {
    view.theme = readTheme(theme);
    if (view.theme === null) bad('theme', theme);
  }

  const steps = params.get('steps');
  if (steps !== undefined) {
    view.maxSteps = readSteps(steps);
    if (view.maxSteps === null) bad('steps', steps);
  }
  const seconds = params.get('seconds');
  if (seconds !== undefined) {
    view.maxSeconds = readSeconds(seconds);
    if (view.maxSeconds === null) bad('seconds', seconds);
  }

  const trace = params.get('trace');
  if (trace !== undefined) {
    view.trace = readTraceURL(trace);
    if (view.trace === null) bad('trace', trace);
  }
  const tracez = params.get('tracez');
  if (tracez !== undefined) {
    if (tracez.length > MAX_TRACEZ_CHARS) problems.push({ kind: 'trace-failed', reason: 'too-long', detail: '' });
    else if (!/^[A-Za-z0-9+\-$%_]+$/.test(tracez)) problems.push({ kind: 'trace-failed', reason: 'unreadable', detail: '' });
    else view.tracez = tracez;
  }
  return { view, problems };
}

/**
 * The hash for a view: `#check=…&code=…&run=1&step=…`, keys in `LINK_KEYS` order, leaving out what
 * is null or off (`run`, `all` and `present` are written only when on, `view` only for the heap).
 */
export function buildLink(view: Partial<LinkView>): string {
  const parts: string[] = [];
  if (view.source != null) parts.push(`check=${checksum(view.source)}`, `code=${compressCode(view.source)}`);
  if (view.run) parts.push('run=1');
  if (view.step != null) parts.push(`step=${view.step}`);
  if (view.seed != null) parts.push(`seed=${view.seed}`);
  if (view.all) parts.push('all=1');
  if (view.lang != null) parts.push(`lang=${view.lang}`);
  if (view.present) parts.push('present=1');
  if (view.view === 'heap') parts.push('view=heap');
  if (view.theme != null) parts.push(`theme=${view.theme}`);
  if (view.maxSteps != null) parts.push(`steps=${view.maxSteps}`);
  if (view.maxSeconds != null) parts.push(`seconds=${view.maxSeconds}`);
  if (view.trace != null) parts.push(`trace=${encodeURIComponent(view.trace)}`);
  if (view.tracez != null) parts.push(`tracez=${view.tracez}`);
  return `#${parts.join('&')}`;
}

function readTheme(raw: string): Theme | null {
  return (THEMES as readonly string[]).includes(raw) ? (raw as Theme) : null;
}

/** A hash's `theme=`, read alone (without decompressing the program), or null. */
export function linkTheme(hash: string): Theme | null {
  return readTheme(linkParams(hash).get('theme') ?? '');
}

/** 32-bit FNV-1a of the program's UTF-16 code units, in base 36 (at most 7 characters). */
export function checksum(source: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    h ^= source.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

let lastCompressed: { source: string; code: string } | null = null;

/** `compressToEncodedURIComponent`, remembering the last program (links are rebuilt per step). */
export function compressCode(source: string): string {
  if (lastCompressed?.source !== source) lastCompressed = { source, code: LZString.compressToEncodedURIComponent(source) };
  return lastCompressed.code;
}

/** Compresses a trace JSON text for `tracez`. */
export function compressTrace(json: string): string {
  return LZString.compressToEncodedURIComponent(json);
}

/** The JSON text of a `tracez` value, or null when it cannot be read. */
export function decompressTrace(tracez: string): string | null {
  try {
    const text = LZString.decompressFromEncodedURIComponent(safeDecodeURIComponent(tracez));
    return text ? text : null;
  } catch {
    return null;
  }
}

function readCode(code: string): string | LinkProblem {
  if (code.length > MAX_CODE_PARAM_CHARS) return { kind: 'code-too-long', max: MAX_SOURCE_CHARS };
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(safeDecodeURIComponent(code));
  } catch {
    return { kind: 'broken-code' };
  }
  // A damaged payload often still decompresses, into noise: reject what no program contains.
  if (!text || !looksLikeText(text)) return { kind: 'broken-code' };
  if (text.length > MAX_SOURCE_CHARS) return { kind: 'code-too-long', max: MAX_SOURCE_CHARS };
  return text;
}

function readFlag(value: string): boolean | null {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return null;
}

/** `zh`, `zh-cn`, `zh_TW` and `en-GB` are read as the catalogs they mean. */
function readLang(value: string): Lang | null {
  if (isLang(value)) return value;
  return /^(en|zh)([-_][A-Za-z0-9]+)*$/i.test(value) ? matchLang([value.replace(/_/g, '-')]) : null;
}

function readTraceURL(raw: string): string | null {
  const value = safeDecodeURIComponent(raw).trim();
  if (!value || value.length > MAX_TRACE_URL_CHARS) return null;
  try {
    const url = new URL(value, 'https://refscope.invalid/');
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}

/** A step budget as a link (or the page's budget field) writes it, within `LIMIT_BOUNDS`; null when it is not one. */
export function readSteps(value: string): number | null {
  const n = bounded(value, LIMIT_BOUNDS.maxSteps);
  return n === null ? null : Math.round(n);
}

/** A time budget in seconds, within `LIMIT_BOUNDS`; null when it is not one. */
export function readSeconds(value: string): number | null {
  return bounded(value, LIMIT_BOUNDS.maxSeconds);
}

function bounded(value: string, range: { min: number; max: number }): number | null {
  if (value === '' || !/^[0-9.e+-]+$/i.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= range.min && n <= range.max ? n : null;
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

/**
 * The hash with `key` set to `value` (already encoded), or removed when `value` is null;
 * every other part is kept exactly as written (so a link's own `code` is not re-encoded).
 * Returns '' when nothing is left.
 */
export function hashWith(hash: string, key: string, value: string | null): string {
  const parts = hash.replace(/^#/, '').split('&').filter((part) => part !== '');
  const out: string[] = [];
  let placed = false;
  for (const part of parts) {
    if (partKey(part) !== key) out.push(part);
    else if (value !== null && !placed) {
      out.push(`${key}=${value}`);
      placed = true;
    }
  }
  if (value !== null && !placed) out.push(`${key}=${value}`);
  return out.length ? `#${out.join('&')}` : '';
}

/** Whether the hash carries `key` at all. */
export function hashHas(hash: string, key: string): boolean {
  return hash.replace(/^#/, '').split('&').some((part) => partKey(part) === key);
}

function partKey(part: string): string {
  const eq = part.indexOf('=');
  return eq === -1 ? part : part.slice(0, eq);
}
