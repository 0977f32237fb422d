/**
 * The program and view settings of a URL hash, in the shapes the store's older callers
 * use. The link format itself (every key, its validation) lives in one place:
 * src/share/link.ts; this file only adapts it.
 */
import type { RunLimits } from '../protocol/messages';
import type { Lang } from '../i18n/lang';
import { buildLink, LIMIT_BOUNDS, parseLink } from '../share/link';

export { LIMIT_BOUNDS };

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

/** View settings a link may carry, independent of the program: `&lang=en|zh-CN`, `&present=1|0`. */
export interface HashView {
  /** UI language, or null when absent or not one of ours. */
  lang: Lang | null;
  /** Presentation mode on (1) or off (0), or null when absent. */
  present: boolean | null;
}

/** Reads `lang` and `present` from a hash; anything else is left to `parseHash`. */
export function parseHashView(hash: string): HashView {
  const { view } = parseLink(hash);
  return { lang: view.lang, present: view.present };
}

/** Reads a program from `location.hash` (with or without the leading '#'). */
export function parseHash(hash: string): HashProgram {
  const { view, problems } = parseLink(hash);
  if (problems.some((p) => p.kind === 'broken-code' || p.kind === 'code-too-long')) {
    return { source: null, run: false, notice: BROKEN_LINK_NOTICE, limits: {} };
  }
  if (view.source === null) return { source: null, run: false, notice: null, limits: {} };
  const limits: HashLimits = {};
  if (view.maxSteps !== null) limits.maxSteps = view.maxSteps;
  if (view.maxSeconds !== null) limits.maxSeconds = view.maxSeconds;
  return { source: view.source, run: view.run, notice: null, limits };
}

/** The hash for a program: `#code=...`, `&run=1` when asked, then any budgets given. */
export function buildHash(source: string, run = false, limits: HashLimits = {}): string {
  return buildLink({ source, run, maxSteps: limits.maxSteps ?? null, maxSeconds: limits.maxSeconds ?? null });
}
