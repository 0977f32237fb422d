import { describe, expect, it } from 'vitest';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { TRACE_COLUMNS } from './columns';
import { traceFromJSON, traceToJSON } from './json';
import { TraceFormatError } from './sniff';
import { BlockFate, ObjectFlag, StepEvent, type TraceData } from './types';

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

/** The sample with two references: x's object holds the int at [0] (steps 0–1), then until the end. */
function withReferences(): TraceData {
  const t = sample();
  t.strings.push('[0]', '.nxt');
  t.references = {
    holder: Int32Array.of(0, 0),
    label: Int32Array.of(4, 5),
    target: Int32Array.of(1, 1),
    from: Int32Array.of(0, 2),
    to: Int32Array.of(1, -1),
  };
  return t;
}

describe('trace JSON references', () => {
  it('writes each reference with its objects, their addresses, label and steps', () => {
    const doc = traceToJSON(withReferences());
    expect(doc.references).toEqual([
      { holder: 0, holderAddress: 4096, label: '[0]', target: 1, targetAddress: 8192, from: 0, to: 1 },
      { holder: 0, holderAddress: 4096, label: '.nxt', target: 1, targetAddress: 8192, from: 2, to: null },
    ]);
    expect(traceToJSON(traceFromJSON(JSON.stringify(doc)))).toEqual(doc);
  });

  it('reads files without references (before Refscope recorded them) as before', () => {
    const doc = traceToJSON(sample());
    expect('references' in doc).toBe(false);
    expect('references' in traceFromJSON(JSON.stringify(doc))).toBe(false);
  });

  it('rejects a reference to a missing object or at the wrong address', () => {
    const doc = traceToJSON(withReferences());
    const bad = (change: (r: Record<string, unknown>) => void) => {
      const copy = JSON.parse(JSON.stringify(doc)) as { references: Array<Record<string, unknown>> };
      change(copy.references[0]!);
      return () => traceFromJSON(copy);
    };
    expect(bad((r) => (r.target = 9))).toThrow(TraceFormatError);
    expect(bad((r) => (r.holderAddress = 1))).toThrow(/address of object 0/);
    expect(bad((r) => (r.from = null))).toThrow(TraceFormatError);
    expect(bad((r) => delete r.label)).toThrow(TraceFormatError);
  });
});

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

  it("carries print's output-path mark, and leaves it out where it does not apply", () => {
    const t = sample();
    t.objects.flags[0] = ObjectFlag.outputPath;
    const doc = traceToJSON(t);
    expect(doc.objects[0]!.outputPath).toBe(true);
    expect('outputPath' in doc.objects[1]!).toBe(false);
    expect(traceFromJSON(JSON.parse(JSON.stringify(doc))).objects.flags[0]! & ObjectFlag.outputPath).toBeTruthy();
  });

  it('carries the malloc chunk size where it is known', () => {
    const t = sample();
    t.objects.chunk = new Int32Array(t.objects.address.length);
    t.objects.chunk[0] = 16;
    const doc = traceToJSON(t);
    expect(doc.objects[0]!.chunk).toBe(16);
    expect('chunk' in doc.objects[1]!).toBe(false);
    const back = traceFromJSON(JSON.stringify(doc));
    expect(Array.from(back.objects.chunk ?? [])).toEqual(Array.from(t.objects.chunk));
    expect('chunk' in traceFromJSON(JSON.stringify(traceToJSON(sample()))).objects).toBe(false);
  });

  it('carries where a dead object\'s block went (blockNext), and reads files without it', () => {
    const t = sample();
    const n = t.objects.address.length;
    t.objects.blockFate = new Uint8Array(n);
    t.objects.blockValue = new Int32Array(n);
    t.objects.blockStep = new Int32Array(n).fill(-1);
    t.objects.blockFate[0] = BlockFate.allocation;
    t.objects.blockValue[0] = 48;
    t.objects.blockStep[0] = 2;
    const doc = traceToJSON(t);
    expect(doc.objects[0]!.blockNext).toEqual({ kind: 'allocation', bytes: 48, step: 2 });
    expect('blockNext' in doc.objects[1]!).toBe(false);
    const back = traceFromJSON(JSON.stringify(doc));
    expect(Array.from(back.objects.blockFate ?? [])).toEqual(Array.from(t.objects.blockFate));
    expect(Array.from(back.objects.blockValue ?? [])).toEqual(Array.from(t.objects.blockValue));
    expect(Array.from(back.objects.blockStep ?? [])).toEqual(Array.from(t.objects.blockStep));
    expect('blockFate' in traceFromJSON(JSON.stringify(traceToJSON(sample()))).objects).toBe(false);
    // An object target must be an object of the file.
    const bad = traceToJSON(t);
    bad.objects[0]!.blockNext = { kind: 'object', object: 99, step: 2 };
    expect(() => traceFromJSON(JSON.stringify(bad))).toThrow(/blockNext/);
  });

  it("carries a block taken off a type's free list (blockNext.kind 'freeList') like an object target", () => {
    const t = sample();
    const n = t.objects.address.length;
    t.objects.blockFate = new Uint8Array(n);
    t.objects.blockValue = new Int32Array(n);
    t.objects.blockStep = new Int32Array(n).fill(-1);
    t.objects.blockFate[0] = BlockFate.freeList;
    t.objects.blockValue[0] = 1;
    t.objects.blockStep[0] = 3;
    const doc = traceToJSON(t);
    expect(doc.objects[0]!.blockNext).toEqual({ kind: 'freeList', object: 1, step: 3 });
    const back = traceFromJSON(JSON.stringify(doc));
    expect(back.objects.blockFate?.[0]).toBe(BlockFate.freeList);
    expect(back.objects.blockValue?.[0]).toBe(1);
    const bad = traceToJSON(t);
    bad.objects[0]!.blockNext = { kind: 'freeList', object: 99, step: 3 };
    expect(() => traceFromJSON(JSON.stringify(bad))).toThrow(/blockNext/);
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

describe('trace JSON keeps every column of the model', () => {
  // Columns that hold an index into `strings`: the file stores the string, so compare those.
  const STRING_INDEX = new Set(['steps.func', 'objects.type', 'bindings.name', 'frames.func']);
  const t = recordedSeedLoop();
  const back = traceFromJSON(JSON.stringify(traceToJSON(t)));
  const columns = Object.entries(TRACE_COLUMNS).flatMap(([group, cols]) => Object.entries(cols).map(([name, kind]) => [group, name, kind] as const));
  it.each(columns)('%s.%s', (group, name, kind) => {
    const before = (t as unknown as Record<string, Record<string, ArrayLike<number>>>)[group]![name]!;
    const after = (back as unknown as Record<string, Record<string, ArrayLike<number>>>)[group]![name]!;
    expect(after).toBeInstanceOf(kind);
    const read = (trace: TraceData, v: number) => (STRING_INDEX.has(`${group}.${name}`) ? trace.strings[v] : v);
    expect(Array.from(after, (v) => read(back, v))).toEqual(Array.from(before, (v) => read(t, v)));
    expect(before.length).toBeGreaterThan(0);
  });
});
