import { describe, expect, it } from 'vitest';
import { fakeTrace } from '../../tests/unit/fakes';
import { traceBuffers } from './transfer';

describe('traceBuffers', () => {
  it('lists every column buffer once', () => {
    const trace = fakeTrace({ lines: [1, 2, 3] });
    const shared = new Int32Array(8);
    trace.frames.enter = shared.subarray(0, 4);
    trace.frames.exit = shared.subarray(4, 8);
    const buffers = traceBuffers(trace);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(buffers).toContain(trace.steps.line.buffer);
    expect(buffers).toContain(shared.buffer);
    // 4 step + 7 object + 3 refcount + 5 binding columns + 2 frame columns + 1 shared
    expect(buffers).toHaveLength(4 + 7 + 3 + 5 + 2 + 1);
  });

  it('transfers for real', () => {
    const trace = fakeTrace({ lines: [1, 2, 3] });
    const copy = structuredClone(trace, { transfer: traceBuffers(trace) });
    expect(Array.from(copy.steps.line)).toEqual([1, 2, 3]);
    expect(trace.steps.line.length).toBe(0); // detached
  });

  it('leaves shared buffers out', () => {
    const trace = fakeTrace();
    trace.steps.line = new Int32Array(new SharedArrayBuffer(8));
    expect(traceBuffers(trace)).not.toContain(trace.steps.line.buffer);
  });
});
