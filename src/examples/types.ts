import type { Lang } from '../i18n/lang';
import type { RunEnd } from '../trace/types';

/** Text in every UI language. */
export type Localized = Record<Lang, string>;

/** Which part of the gallery an example belongs to. */
export type ExampleGroup = 'seed' | 'more';

/** One program of the examples gallery. */
export interface Example {
  /** Stable identifier (used in tests and links). */
  id: string;
  group: ExampleGroup;
  title: Localized;
  /** The program, exactly as it is loaded into the editor. */
  code: string;
  /** Two to four sentences on what to look for. */
  explanation: Localized;
  /**
   * How a run with the default budgets ends: `completed`, `step-limit` for the seed's
   * endless loops, `error` for the deliberate typos. Tests hold every example to it.
   */
  ends: Extract<RunEnd, 'completed' | 'step-limit' | 'error'>;
}
