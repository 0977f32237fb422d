import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPACT_VERSION, traceFromCompact, traceToCompact } from './compact';
import { isCompact, TraceFormatError } from './sniff';
import { readTraceFile, writeTraceFile } from './file';
import { gzip } from './gzip';
import { traceFromJSON, traceToJSON } from './json';
import { BlockFate, ObjectFlag, StepEvent, type TraceData } from './types';

/** Version 1 recordings (the gallery's, before version 2) and their JSON exports as read then. */
const v1Dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'fixtures', 'traces', 'v1');

/** A small trace touching every field: negatives (-1), Uint32 addresses, previews, bytecode, stderr. */
function sample(): TraceData {
  return {
    meta: {
      python: '3.14.2',
      pyodide: '314.0.7',
      seed: 7,
      source: 'x = object()\nprint("é ✓")\n',
      status: 'error',
      error: { type: 'ValueError', message: 'bad', line: 2, traceback: [{ line: 2, function: '<module>' }] },
      maxSteps: 100,
      maxSeconds: 10,
      allocator: 'malloc',
      elapsedMs: 1.2345,
      outputTruncated: true,
    },
    strings: ['<module>', 'object', 'x', 'f', 'int', '[0]', '.v'],
    steps: {
      line: Int32Array.of(1, 2, 3, 2),
      func: Int32Array.of(0, 3, 0, 0),
      depth: Int32Array.of(0, 1, 0, 0),
      event: Uint8Array.of(StepEvent.line, StepEvent.call | StepEvent.exception, StepEvent.return, StepEvent.line),
    },
    objects: {
      address: Uint32Array.of(4096, 4294967280, 8),
      type: Int32Array.of(1, 4, 1),
      size: Int32Array.of(8, 28, 8),
      chunk: Int32Array.of(16, 0, 16),
      born: Int32Array.of(0, -1, 3),
      died: Int32Array.of(2, -1, -1),
      finalized: Int32Array.of(1, -1, -1),
      flags: Uint8Array.of(ObjectFlag.named | ObjectFlag.finalized, ObjectFlag.preexisting | ObjectFlag.immortal, ObjectFlag.held),
      preview: [null, '42', null],
    },
    refcounts: { start: Int32Array.of(0, 2, 3, 3), step: Int32Array.of(1, 2, 0), value: Int32Array.of(1, 2, 1 << 30) },
    bindings: {
      obj: Int32Array.of(0, 1),
      name: Int32Array.of(2, 2),
      frame: Int32Array.of(-1, 0),
      from: Int32Array.of(1, 3),
      to: Int32Array.of(-1, 3),
    },
    frames: { func: Int32Array.of(3), depth: Int32Array.of(1), enter: Int32Array.of(1), exit: Int32Array.of(-1) },
    output: [
      { step: 1, stream: 'stdout', text: 'é ✓\n' },
      { step: 3, stream: 'stderr', text: 'Traceback…\n' },
    ],
    references: {
      holder: Int32Array.of(0, 2),
      label: Int32Array.of(5, 6),
      target: Int32Array.of(1, 0),
      from: Int32Array.of(0, 3),
      to: Int32Array.of(2, -1),
    },
    bytecode: {
      codes: [
        { name: '<module>', firstLine: 1, instructions: [{ offset: 0, opname: 'RESUME', argrepr: '', line: null }] },
        { name: 'f', firstLine: 2, instructions: [{ offset: 2, opname: 'STORE_FAST', argrepr: 'x', line: 2 }] },
      ],
      stepCode: Int32Array.of(0, 1, 0, -1),
    },
  };
}

describe('compact recording', () => {
  it('gives back exactly the trace that went in', async () => {
    const t = sample();
    const bytes = await traceToCompact(t);
    expect(isCompact(bytes)).toBe(true);
    expect(bytes[4]).toBe(COMPACT_VERSION);
    const back = await traceFromCompact(bytes);
    expect(back).toEqual(t);
    expect(back.objects.address).toBeInstanceOf(Uint32Array);
    expect(back.steps.event).toBeInstanceOf(Uint8Array);
  });

  it('keeps the absence of optional parts (no preview column, no chunk sizes, no references, no bytecode)', async () => {
    const t = sample();
    delete t.objects.preview;
    delete t.objects.chunk;
    delete t.references;
    delete t.bytecode;
    const bytes = await traceToCompact(t);
    const back = await traceFromCompact(bytes);
    expect(back).toEqual(t);
    expect('preview' in back.objects).toBe(false);
    expect('chunk' in back.objects).toBe(false);
    // Without chunk sizes the file is laid out as before they existed: one column fewer.
    const withChunk = sample();
    delete withChunk.objects.preview;
    delete withChunk.bytecode;
    expect((await traceFromCompact(await traceToCompact(withChunk))).objects.chunk).toEqual(Int32Array.of(16, 0, 16));
    expect('bytecode' in back).toBe(false);
    expect('blockFate' in back.objects).toBe(false);
    expect('references' in back).toBe(false);
    // References alone come after every other column: a file without them ends where it did before.
    const refsOnly = sample();
    delete refsOnly.objects.chunk;
    expect((await traceFromCompact(await traceToCompact(refsOnly))).references).toEqual(sample().references);
  });

  it('carries the block columns (where dead objects\' blocks went) when the trace has them', async () => {
    const t = sample();
    t.objects.blockFate = Uint8Array.of(BlockFate.object, 0, 0);
    t.objects.blockValue = Int32Array.of(2, 0, 0);
    t.objects.blockStep = Int32Array.of(3, -1, -1);
    const back = await traceFromCompact(await traceToCompact(t));
    expect(back).toEqual(t);
  });

  it('compact → JSON → compact keeps the JSON document', async () => {
    const doc = traceToJSON(sample());
    const fromJson = traceFromJSON(JSON.stringify(doc));
    const viaCompact = await traceFromCompact(await traceToCompact(fromJson));
    expect(traceToJSON(viaCompact)).toEqual(doc);
  });

  it('reads in slices, reporting progress, when told to yield often', async () => {
    const t = sample();
    const n = 50_000;
    t.steps = { line: new Int32Array(n).map((_, i) => i % 7), func: new Int32Array(n), depth: new Int32Array(n), event: new Uint8Array(n) };
    t.bytecode!.stepCode = new Int32Array(n);
    const fractions: number[] = [];
    const back = await traceFromCompact(await traceToCompact(t), { sliceMs: 0, onProgress: (f) => fractions.push(f) });
    // Element-wise, not toEqual: deep equality of 50,000-element arrays is slow in the test runner.
    expect(back.steps.line.length).toBe(n);
    expect(back.steps.line.every((v, i) => v === i % 7)).toBe(true);
    expect(traceToJSON({ ...back, steps: sample().steps, bytecode: undefined })).toEqual(traceToJSON({ ...t, steps: sample().steps, bytecode: undefined }));
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('codes "none" (−1), values before, at and after their base, and the objects that took blocks', async () => {
    const t = sample();
    t.objects.born = Int32Array.of(5, -1, 3);
    t.objects.died = Int32Array.of(2, -1, 7);
    t.objects.finalized = Int32Array.of(5, 0, -1);
    t.objects.blockFate = Uint8Array.of(BlockFate.object, BlockFate.allocation, BlockFate.freeList);
    t.objects.blockValue = Int32Array.of(2, 4096, 0);
    t.objects.blockStep = Int32Array.of(1, -1, 9);
    t.frames.exit = Int32Array.of(0);
    expect(await traceFromCompact(await traceToCompact(t))).toEqual(t);
  });

  it.each(['free-lists', 'cycles'])('still reads a version 1 recording (%s, as the gallery shipped it) to the trace it held', async (name) => {
    const v1 = new Uint8Array(readFileSync(path.join(v1Dir, `${name}.refscope`)));
    expect(v1[4]).toBe(1);
    const expected = JSON.parse(readFileSync(path.join(v1Dir, `${name}.json`), 'utf8')) as unknown;
    const trace = await traceFromCompact(v1);
    expect(trace.objects.blockFate).toBeDefined();
    expect(traceToJSON(trace)).toEqual(expected);
    const v2 = await traceToCompact(trace);
    expect(v2[4]).toBe(COMPACT_VERSION);
    expect(traceToJSON(await traceFromCompact(v2))).toEqual(expected);
  });

  it('rejects damaged, cut or foreign bytes with a TraceFormatError', async () => {
    const bytes = await traceToCompact(sample());
    await expect(traceFromCompact(bytes.subarray(0, bytes.length - 20))).rejects.toThrow(TraceFormatError);
    const future = bytes.slice();
    future[4] = 99;
    await expect(traceFromCompact(future)).rejects.toThrow(/version 99/);
    await expect(traceFromCompact(new TextEncoder().encode('{"format":1}'))).rejects.toThrow(TraceFormatError);
    const flipped = bytes.slice();
    flipped[40] = (flipped[40] ?? 0) ^ 0xff;
    await expect(traceFromCompact(flipped)).rejects.toThrow(TraceFormatError);
  });
});

describe('readTraceFile', () => {
  it('reads compact and JSON, gzipped or not, from bytes or a Blob', async () => {
    const t = sample();
    const doc = traceToJSON(t);
    const compact = await writeTraceFile(t);
    const json = await writeTraceFile(t, 'json');
    expect(isCompact(compact)).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(json))).toEqual(doc);
    for (const input of [compact, json, await gzip(compact), await gzip(json), new Blob([compact as BlobPart]), new Blob([json as BlobPart])]) {
      expect(traceToJSON(await readTraceFile(input))).toEqual(doc);
    }
  });

  it('says why it cannot read something else', async () => {
    await expect(readTraceFile(new TextEncoder().encode('hello'))).rejects.toThrow(/not JSON/);
    await expect(readTraceFile(Uint8Array.of(0xff, 0xfe, 0x00))).rejects.toThrow(TraceFormatError);
    await expect(readTraceFile(Uint8Array.of(0x1f, 0x8b, 1, 2, 3))).rejects.toThrow(/gzip/);
  });
});
