/**
 * The URL hash format: `#code=<lz-string compressToEncodedURIComponent(source)>`,
 * optionally followed by `&run=1` to run the program once Python is ready.
 */
// lz-string is CommonJS without named ESM exports; the default import works in Vite and Node.
import LZString from 'lz-string';

export interface HashProgram {
  /** The program from the hash, or null when there is none (or it is unreadable). */
  source: string | null;
  /** `run=1` was given and the program is readable. */
  run: boolean;
  /** Set when the hash held a program that could not be read. */
  notice: string | null;
}

export const BROKEN_LINK_NOTICE =
  'The program in this link could not be read (the link may be cut short). Showing the default example instead.';

/** Reads a program from `location.hash` (with or without the leading '#'). */
export function parseHash(hash: string): HashProgram {
  const params = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    // Not URLSearchParams: it would read the '+' of lz-string's alphabet as a space.
    params.set(key, eq === -1 ? '' : part.slice(eq + 1));
  }
  const code = params.get('code');
  if (code === undefined) return { source: null, run: false, notice: null };
  const source = decode(code);
  if (source === null) return { source: null, run: false, notice: BROKEN_LINK_NOTICE };
  return { source, run: params.get('run') === '1', notice: null };
}

/** The hash for a program: `#code=...` and `&run=1` when asked. */
export function buildHash(source: string, run = false): string {
  return `#code=${LZString.compressToEncodedURIComponent(source)}${run ? '&run=1' : ''}`;
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
