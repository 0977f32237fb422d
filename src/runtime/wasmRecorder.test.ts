/**
 * What only the WebAssembly recorder has: tables of fixed size in the block reserved at
 * boot. A program past one ends there, with its trace so far and a line that says why;
 * the JavaScript recorder, which grows its arrays, runs the same program to its end. And
 * how either recorder's stop ends a recursion deeper than that.
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

describe('a stop unwinding a deep recursion of except blocks', () => {
  // Every frame tries its call and catches another error: each except clause the stop
  // passes is a line, where the stop is raised again. A new exception there would chain
  // the one being handled as its __context__, one link per frame, and CPython frees that
  // chain recursively: the interpreter crashed (StackOverflow) past ~2,000 frames, for a
  // program that runs to its end without Refscope.
  const source = (depth: number) =>
    `import sys\nsys.setrecursionlimit(10000)\ndef f(n):\n    if n == 0:\n        return 0\n    try:\n        return f(n - 1) + 1\n    except RecursionError:\n        return -1\nprint(f(${depth}))\n`;

  it('ends at the WebAssembly recorder\'s 2,048 frames with its message, not a crash', { timeout: 120_000 }, async () => {
    const t = await trace('wasm', source(3000));
    expect(t.meta.status).toBe('step-limit');
    expect(t.meta.error).toBeNull();
    expect(text(t, 'stderr')).toContain(OVERFLOW_MESSAGE);
  });

  it('ends at the step budget 2,600 frames deep (the JavaScript recorder has no frame limit)', { timeout: 120_000 }, async () => {
    const engine = await createEngine({ indexURL: pyodideIndexURL(), seed: 0, snapshot: await sharedSnapshot(), tracer: 'js' });
    // Three lines a frame: the budget ends the run on the way down, about 2,600 deep.
    const t = engine.run(source(3000), { ...DEFAULT_LIMITS, maxSteps: 7_800, maxSeconds: 60 });
    expect(t.meta.status).toBe('step-limit');
    expect(t.meta.error).toBeNull();
    expect(Math.max(...t.steps.depth)).toBeGreaterThan(2_500);
  });
});
