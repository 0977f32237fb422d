/**
 * When the interpreter itself dies mid-run: Pyodide's "fatal error", in practice the
 * JavaScript engine's stack running out inside CPython's C code (design.md, Measured 12).
 *
 * The commonest way there is a first-year program: a long linked list freed at once
 * (`del head`). CPython frees the head, which drops the last reference to the next node,
 * which is freed inside the first one's deallocation, and so on: one nested C call per
 * node. Desktop CPython has a deep enough stack (and a trashcan that engages in time);
 * under WebAssembly the browser's stack is the limit and the trashcan never notices it.
 *
 * No Python runs after such a crash. What was recorded up to it is kept, and the error is
 * put at the line that was running, in words that say what happened.
 */
import type { Records } from './columns';
import { RefEvent, type CodeInfo } from '../trace/raw';
import type { OutputChunk, RunError } from '../trace/types';

/** Error type of a crash; the page translates the message by this type (i18n `error`). */
export const CRASH_TYPE = 'StackOverflow';

/**
 * Destructions in a row, with no creation and no line between them, from which the crash
 * is told as a chain being freed: a chain of n objects gives n; ordinary code that dies in
 * deep C recursion (a deeply nested repr) creates objects as it goes.
 */
const CHAIN_MIN = 100;

export const CRASH_MESSAGES = {
  freeing:
    "Freeing these objects went deeper than the browser allows. When the last reference to the first one went away, CPython freed it, which freed the object it held, inside the first one's freeing, and so on: one object inside the next. Desktop CPython survives this; here the interpreter crashed. The trace ends at this line, and the next run gets a fresh interpreter.",
  deep: "The program went deeper in CPython's own C code than the browser allows (desktop CPython has a deeper stack). The interpreter crashed. The trace ends at this line, and the next run gets a fresh interpreter.",
} as const;

/** Whether `error`, thrown out of a Python call, means the interpreter is dead. */
export function isInterpreterCrash(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  return (error as { pyodide_fatal_error?: unknown }).pyodide_fatal_error === true || error instanceof RangeError;
}

/** Destructions recorded at the end of `ref`, after the last creation. */
export function trailingDestroys(ref: Records): number {
  let n = 0;
  for (let i = ref.count - 1; i >= 0 && (ref.get(i, 0) & 1) === RefEvent.destroy; i--) n++;
  return n;
}

/** The error and the stderr text of a crash, at the last line that ran. */
export function describeCrash(ref: Records, steps: Records, codes: CodeInfo[]): { error: RunError; text: string } {
  const last = steps.count - 1;
  const line = last >= 0 ? steps.get(last, 0) : null;
  const code = last >= 0 ? codes[steps.get(last, 1)] : undefined;
  const message = trailingDestroys(ref) >= CHAIN_MIN ? CRASH_MESSAGES.freeing : CRASH_MESSAGES.deep;
  const traceback = line === null ? [] : [{ line, function: code?.name ?? '<module>' }];
  const where = line === null ? '' : `  File "main.py", line ${line}, in ${traceback[0]!.function}\n`;
  return {
    error: { type: CRASH_TYPE, message, line, traceback },
    text: `${where ? `Traceback (most recent call last):\n${where}` : ''}${CRASH_TYPE}: ${message}\n`,
  };
}

/** What Pyodide's fatal-error handler writes to stdout (faulthandler's dump of the Python stack). */
const FAULT_DUMP = 'Stack (most recent call first):\n';

/**
 * Removes the Python stack dump that Pyodide's fatal-error handler writes through the
 * program's stdout: it is not the program's output, and it names Refscope's own frames.
 */
export function dropFaultDump(output: OutputChunk[]): void {
  for (let i = output.length - 1; i >= 0; i--) {
    const chunk = output[i]!;
    if (chunk.stream !== 'stdout') continue;
    const at = chunk.text.lastIndexOf(FAULT_DUMP);
    if (at < 0) continue;
    chunk.text = chunk.text.slice(0, at);
    if (!chunk.text) output.splice(i, 1);
    return;
  }
}
