import type { RunError } from '../trace/types';
import type { StoreState } from './types';

/** The source line of the step under the cursor, or null without a trace. */
export function currentLine(state: Pick<StoreState, 'trace' | 'cursor'>): number | null {
  const lines = state.trace?.steps.line;
  if (!lines || lines.length === 0) return null;
  const step = Math.max(0, Math.min(state.cursor, lines.length - 1));
  return lines[step] ?? null;
}

/** The line the error points at, or null. */
export function errorLine(state: Pick<StoreState, 'error'>): number | null {
  return state.error?.line ?? null;
}

/** "NameError: name 'a' is not defined (line 3)" */
export function formatError(error: RunError): string {
  const head = error.message ? `${error.type}: ${error.message}` : error.type;
  return error.line !== null ? `${head} (line ${error.line})` : head;
}

/** True while the interpreter is running the user's program (or about to). */
export function isBusy(state: Pick<StoreState, 'status' | 'runQueued'>): boolean {
  return state.status === 'running' || state.runQueued;
}
