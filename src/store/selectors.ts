import { DEFAULT_EXAMPLE_ID } from '../examples/recordings';
import { SEED_SOURCE } from './programSlice';
import { clampStep } from './traceSlice';
import type { StoreState } from './types';

/** The source line of the step under the cursor, or null without a trace. */
export function currentLine(state: Pick<StoreState, 'trace' | 'cursor'>): number | null {
  const lines = state.trace?.steps.line;
  if (!lines || lines.length === 0) return null;
  return lines[clampStep(state.trace, state.cursor)] ?? null;
}

/**
 * True when the program in the editor is no longer the one the run (or the shown trace) ran:
 * its error, error line and bytecode belong to the previous run.
 */
export function programChanged(state: Pick<StoreState, 'source' | 'ranSource'>): boolean {
  return state.ranSource !== null && state.source !== state.ranSource;
}

/** The line the error points at, or null (also once the program has changed: the line may no longer be the one). */
export function errorLine(state: Pick<StoreState, 'error' | 'source' | 'ranSource'>): number | null {
  if (programChanged(state)) return null;
  return state.error?.line ?? null;
}

/** True while the interpreter is running the user's program (or about to). */
export function isBusy(state: Pick<StoreState, 'status' | 'runQueued'>): boolean {
  return state.status === 'running' || state.runQueued;
}

/**
 * True while the editor holds the blog's program (chosen from the gallery, edited or not, or
 * typed back in): the one-line puzzle above the page asks about that program only.
 */
export function onSeedProgram(state: Pick<StoreState, 'exampleId' | 'source'>): boolean {
  return state.exampleId === DEFAULT_EXAMPLE_ID || isSeedText(state.source);
}

/**
 * The blog's program however it was pasted: with or without its unused `import sys` (the
 * post quotes it both ways), with other blank lines or trailing spaces. Compared once per
 * new source text: the selector runs on every change of the store.
 */
const SEED_SHAPE = programShape(SEED_SOURCE);
let lastSource: string | null = null;
let lastIsSeed = false;
function isSeedText(source: string): boolean {
  if (source !== lastSource) {
    lastSource = source;
    lastIsSeed = source === SEED_SOURCE || programShape(source) === SEED_SHAPE;
  }
  return lastIsSeed;
}

function programShape(source: string): string {
  return source
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '' && line !== 'import sys')
    .join('\n');
}
