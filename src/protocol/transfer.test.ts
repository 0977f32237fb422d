import { describe, expect, it } from 'vitest';
import { fakeTrace } from '../../tests/unit/fakes';
import { buffersIn, fromWire, packOutput, toWire, traceBuffers, unpackOutput } from './transfer';
import type { OutputChunk } from '../trace/types';

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

describe('buffersIn', () => {
  it('finds every typed array in objects, arrays, Maps and Sets, each buffer once, and adds to a given set', () => {
    const a = new Int32Array(4);
    const b = new Uint8Array(2);
    const c = new Float64Array(1);
    const value = { rows: { start: a, items: a.subarray(1) }, list: [b, 3, 'x', null], map: new Map([[1, c]]), set: new Set([b]) };
    expect(new Set(buffersIn(value))).toEqual(new Set([a.buffer, b.buffer, c.buffer]));
    const known = new ArrayBuffer(8);
    expect(buffersIn({ a }, new Set([known]))).toEqual([known, a.buffer]);
    expect(buffersIn(42)).toEqual([]);
  });
});

describe('packed output', () => {
  it('gives back every chunk: its step, stream and text, empty and non-ASCII texts included', () => {
    const output: OutputChunk[] = [
      { step: 0, stream: 'stdout', text: '22122096\n' },
      { step: 3, stream: 'stderr', text: 'Traceback…\n' },
      { step: 3, stream: 'stdout', text: '' },
      { step: 9, stream: 'stdout', text: '对象 🐍\n' },
    ];
    expect(unpackOutput(packOutput(output))).toEqual(output);
    expect(unpackOutput(packOutput([]))).toEqual([]);
  });

  it('sends a trace across a structured clone with its columns and packed output transferred', () => {
    const trace = fakeTrace({ lines: [1, 2, 3] });
    trace.output = [{ step: 1, stream: 'stdout', text: 'a\n' }];
    const expected = structuredClone(trace);
    const { wire, transfer } = toWire(trace);
    const received = fromWire(structuredClone(wire, { transfer }));
    expect(received).toEqual(expected);
    expect(wire.output.step.length).toBe(0); // detached: transferred, not copied
  });
});
