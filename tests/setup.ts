// Component tests opt into jsdom per file (`// @vitest-environment jsdom`); this adds
// Testing Library's DOM matchers for them and cleans the DOM after each test.
import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/dom';
import { afterEach, expect, vi } from 'vitest';
import { compileLargeWasmOnce } from './support/compiledWasm';

compileLargeWasmOnce();

// Waits on a condition get 10 s instead of 1 s (Testing Library's waitFor/findBy and
// vi.waitFor): on a loaded 2-core CI machine, decoding a recording or rendering a panel can
// take longer than a second. A condition that never holds still fails, only later.
const WAIT_MS = 10_000;
configure({ asyncUtilTimeout: WAIT_MS });
const waitFor = vi.waitFor;
vi.waitFor = ((callback, options) =>
  waitFor(callback, typeof options === 'number' ? options : { timeout: WAIT_MS, ...options })) as typeof vi.waitFor;

/**
 * Typed arrays compared element by element: Vitest's own toEqual walks them as objects, key
 * by key, 1.9 s for one 100,000-element column, and the engine's tests compare whole traces
 * (the WebAssembly tracer's file alone spent two minutes there). Same verdicts: same kind,
 * same length, same elements (NaN equal to NaN, as toEqual has it); a difference is still
 * shown by Vitest's diff.
 */
function typedArraysEqual(a: unknown, b: unknown): boolean | undefined {
  const typed = (x: unknown): x is ArrayLike<number> => ArrayBuffer.isView(x) && !(x instanceof DataView);
  if (!typed(a) || !typed(b)) return undefined;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && !(x !== x && y !== y)) return false;
  }
  return true;
}
expect.addEqualityTesters([typedArraysEqual]);

afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/react');
    cleanup();
  }
});
