import { describe, expect, it } from 'vitest';
import { traceFromJSON, traceToJSON, TraceFormatError } from './json';
import { ObjectFlag, StepEvent, type TraceData } from './types';

function sample(): TraceData {
  return {
    meta: {
      python: '3.14.2',
      pyodide: '314.0.7',
      seed: 0,
      source: 'x = object()\n',
      status: 'completed',
      error: null,
      maxSteps: 100,
      maxSeconds: 10,
      allocator: 'malloc',
      elapsedMs: 1.5,
      outputTruncated: false,
    },
    strings: ['<module>', 'object', 'x', 'f'],
    steps: {
      line: Int32Array.of(1, 2, 3),
      func: Int32Array.of(0, 3, 0),
      depth: Int32Array.of(0, 1, 0),
      event: Uint8Array.of(StepEvent.line, StepEvent.call | StepEvent.exception, StepEvent.return),
    },
    objects: {
      address: Uint32Array.of(4096, 8192),
      type: Int32Array.of(1, 1),
      size: Int32Array.of(8, 8),
      born: Int32Array.of(0, -1),
      died: Int32Array.of(2, -1),
      finalized: Int32Array.of(-1, -1),
      flags: Uint8Array.of(ObjectFlag.named, ObjectFlag.preexisting | ObjectFlag.immortal),
    },
    refcounts: { start: Int32Array.of(0, 2, 2), step: Int32Array.of(1, 2), value: Int32Array.of(1, 2) },
    bindings: {
      obj: Int32Array.of(0),
      name: Int32Array.of(2),
      frame: Int32Array.of(-1),
      from: Int32Array.of(1),
      to: Int32Array.of(-1),
    },
    frames: { func: Int32Array.of(3), depth: Int32Array.of(1), enter: Int32Array.of(1), exit: Int32Array.of(1) },
    output: [{ step: 1, stream: 'stdout', text: 'hi\n' }],
  };
}

describe('trace JSON', () => {
  it('writes the documented fields', () => {
    const doc = traceToJSON(sample());
    expect(doc).toMatchObject({ format: 'refscope-trace', version: 1, python: '3.14.2', pyodide: '314.0.7', seed: 0, status: 'completed', error: null });
    expect(doc.steps[1]).toEqual({ line: 2, function: 'f', depth: 1, event: 'call', exception: true });
    expect(doc.objects[0]).toMatchObject({ address: 4096, type: 'object', size: 8, born: 0, died: 2, finalized: null, refcounts: [[1, 1], [2, 2]] });
    expect(doc.objects[0]!.names).toEqual([{ name: 'x', frame: -1, from: 1, to: null }]);
    expect(doc.objects[1]).toMatchObject({ born: null, died: null, preexisting: true, immortal: true });
    expect(doc.stdout).toEqual([{ step: 1, stream: 'stdout', text: 'hi\n' }]);
  });

  it('round-trips through JSON text', () => {
    const doc = traceToJSON(sample());
    const back = traceFromJSON(JSON.stringify(doc));
    expect(traceToJSON(back)).toEqual(doc);
  });

  it('rejects what is not a trace, saying why', () => {
    expect(() => traceFromJSON('not json')).toThrow(TraceFormatError);
    expect(() => traceFromJSON({ format: 'other' })).toThrow(/format/);
    const doc = traceToJSON(sample());
    expect(() => traceFromJSON({ ...doc, version: 2 })).toThrow(/version 2/);
    expect(() => traceFromJSON({ ...doc, status: 'weird' })).toThrow(/status/);
    expect(() => traceFromJSON({ ...doc, objects: [{ address: 'x' }] })).toThrow(/address/);
  });
});

describe('trace JSON with bytecode', () => {
  it('round-trips the disassembly and the step → code map', () => {
    const t = sample();
    t.bytecode = {
      codes: [
        { name: '<module>', firstLine: 1, instructions: [{ offset: 0, opname: 'RESUME', argrepr: '', line: null }] },
        { name: 'f', firstLine: 2, instructions: [{ offset: 0, opname: 'STORE_FAST', argrepr: 'x', line: 2 }] },
      ],
      stepCode: Int32Array.of(0, 1, 0),
    };
    const doc = traceToJSON(t);
    expect(doc.steps.map((s) => s.code)).toEqual([0, 1, 0]);
    expect(doc.bytecode!.codes[1]!.instructions).toEqual([[0, 'STORE_FAST', 'x', 2]]);
    const back = traceFromJSON(JSON.parse(JSON.stringify(doc)));
    expect(back.bytecode!.codes).toEqual(t.bytecode.codes);
    expect(Array.from(back.bytecode!.stepCode)).toEqual([0, 1, 0]);
  });
});
