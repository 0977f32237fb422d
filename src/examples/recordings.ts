/**
 * The recorded runs that ship with the app (public/recordings/, made by
 * scripts/record-examples.ts): where each example's recording is and with which budgets it
 * was made. A fresh page shows the default example's recording before Python has loaded.
 */
import { DEFAULT_LIMITS, DEFAULT_SEED, type RunLimits } from '../protocol/messages';
import { EXAMPLES } from './examples';

/** The example a page with no program in its link opens on: the blog's own loop. */
export const DEFAULT_EXAMPLE_ID = 'seed-loop';

/** Folder of the recordings, relative to the page (Vite copies public/ into dist/). */
export const RECORDINGS_DIR = 'recordings/';

/**
 * Steps recorded for the endless loops. A live run stops them at 100,000 steps; a recording
 * needs only enough iterations to show the freed block taken again many times (one
 * `test()` call is 5 steps, so 1,500 steps are about 300 reuses) and stays a few tens of KB.
 */
export const LOOP_RECORDING_STEPS = 1_500;

/**
 * The budgets an example is recorded with. Programs that end on their own are recorded
 * whole with the page's default budgets, so the recording is what Run shows; the endless
 * ones with `LOOP_RECORDING_STEPS`.
 */
export function recordingLimits(id: string): RunLimits {
  const example = EXAMPLES.find((e) => e.id === id);
  if (example?.ends === 'step-limit') return { ...DEFAULT_LIMITS, maxSteps: LOOP_RECORDING_STEPS };
  return DEFAULT_LIMITS;
}

/**
 * PYTHONHASHSEED of every recording: the page's default, so hashes and set orders match a
 * live Run. Addresses match too: the recordings and the page's interpreters start from the
 * same memory snapshot, the one that ships with the build (src/cli/snapshot.ts; before it,
 * the seed's id was 22122096 recorded and 25396040 live).
 */
export const RECORDING_SEED = DEFAULT_SEED;

/** The recording's file name inside `RECORDINGS_DIR`. */
export function recordingFile(id: string): string {
  return `${id}.refscope`;
}
