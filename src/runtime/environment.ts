/**
 * Errors that are the browser's, not the program's: what CPython in Pyodide cannot do where
 * desktop CPython can. The message stays Python's own (the program would meet it untraced
 * too); the page adds a line saying why (i18n `error.hints`).
 */
import type { RunError } from '../trace/types';

/**
 * What Pyodide's event loop raises when `asyncio.run()` or `run_until_complete()` must wait:
 * waiting means suspending the WebAssembly stack until JavaScript resolves a promise, and a
 * traced run is one synchronous call from start to end, so it never can, in any browser.
 */
export const STACK_SWITCHING = 'WebAssembly stack switching not supported in this JavaScript runtime';

export type ErrorHint = 'asyncio';

export function errorHint(e: RunError): ErrorHint | null {
  return e.type === 'RuntimeError' && e.message === STACK_SWITCHING ? 'asyncio' : null;
}
