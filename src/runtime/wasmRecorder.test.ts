/**
 * What only the WebAssembly recorder has: tables of fixed size in the block reserved at
 * boot. A program past one ends there, with its trace so far and a line that says why;
 * the JavaScript recorder, which grows its arrays, runs the same program to its end.
 */
import { describe, expect, it } from 'vitest';
import { sharedSnapshot } from '../../tests/support/engines';
import { pyodideIndexURL } from '../cli/pyodidePath';
import { DEFAULT_LIMITS } from '../protocol/messages';
import type { TraceData } from '../trace/types';
import { createEngine } from './engine';
import { OVERFLOW_MESSAGE } from './wasmRecorder';

async function trace(tracer: 'wasm' | 'js', source: string): Promise<TraceData> {
  const engine = await createEngine({ indexURL: pyodideIndexURL(), seed: 0, snapshot: await sharedSnapshot(), tracer });
  return engine.run(source, { ...DEFAULT_LIMITS, maxSeconds: 60 });
}

const text = (t: TraceData, stream: string) => t.output.filter((c) => c.stream === stream).map((c) => c.text).join('');

describe('WebAssembly recorder limits', () => {
  it('a recursion deeper than 2,048 calls ends there, saying why; the JavaScript recorder completes it', { timeout: 120_000 }, async () => {
    const source = 'import sys\nsys.setrecursionlimit(10000)\ndef f(n):\n    if n == 0:\n        return 0\n    return f(n - 1) + 1\nprint(f(3000))\n';
    const wasm = await trace('wasm', source);
    expect(wasm.meta.status).toBe('step-limit');
    expect(text(wasm, 'stderr')).toContain(OVERFLOW_MESSAGE);
    // Depth 0 is the module's frame: 2,048 frames in all.
    expect(Math.max(...wasm.steps.depth)).toBe(2047);
    const js = await trace('js', source);
    expect(js.meta.status).toBe('completed');
    expect(text(js, 'stdout')).toBe('3000\n');
  });
});
