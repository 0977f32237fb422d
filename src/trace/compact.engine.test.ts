/**
 * Round trips on real traces: every program of the fidelity corpus and every example,
 * traced by the engine (CPython 3.14 in Pyodide, Node). engine → compact gives back the
 * engine's arrays; engine → JSON → compact → JSON gives back the JSON document; and the
 * compact recording is smaller than the JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { EXAMPLES } from '../examples';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { traceFromCompact, traceToCompact } from './compact';
import { readTraceFile, writeTraceFile } from './file';
import { traceFromJSON, traceToJSON } from './json';
import type { TraceData } from './types';

const dir = join(__dirname, '../../tests/corpus');
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.py'))
  .sort()
  .map((f) => ({ name: `corpus ${f}`, source: readFileSync(join(dir, f), 'utf8'), maxSteps: DEFAULT_LIMITS.maxSteps }));
const examples = EXAMPLES.map((e) => ({ name: `example ${e.id}`, source: e.code, maxSteps: e.ends === 'step-limit' ? 3000 : DEFAULT_LIMITS.maxSteps }));

/** Column by column, with the typed arrays' own types (toEqual on big arrays is slow). */
function expectSameTrace(actual: TraceData, expected: TraceData): void {
  const groups = ['steps', 'objects', 'refcounts', 'bindings', 'frames'] as const;
  for (const g of groups) {
    const a = actual[g] as unknown as Record<string, unknown>;
    const e = expected[g] as unknown as Record<string, unknown>;
    expect(Object.keys(a).sort(), g).toEqual(Object.keys(e).sort());
    for (const [k, v] of Object.entries(e)) {
      const got = a[k];
      if (ArrayBuffer.isView(v)) {
        expect(got?.constructor, `${g}.${k}`).toBe(v.constructor);
        expect(Buffer.from((got as Int32Array).buffer, (got as Int32Array).byteOffset, (got as Int32Array).byteLength).equals(Buffer.from(v.buffer, v.byteOffset, v.byteLength)), `${g}.${k}`).toBe(true);
      } else {
        expect(got, `${g}.${k}`).toEqual(v);
      }
    }
  }
  expect(actual.meta).toEqual(expected.meta);
  expect(actual.strings).toEqual(expected.strings);
  expect(actual.output).toEqual(expected.output);
  expect(actual.bytecode?.codes).toEqual(expected.bytecode?.codes);
  expect(Array.from(actual.bytecode?.stepCode ?? [])).toEqual(Array.from(expected.bytecode?.stepCode ?? []));
}

describe('compact ↔ JSON ↔ engine trace', () => {
  for (const { name, source, maxSteps } of [...corpus, ...examples]) {
    it(name, async () => {
      const engine = await freshEngine();
      const trace = engine.run(source, { ...DEFAULT_LIMITS, maxSteps, maxSeconds: 60 });
      // (seed-typo is a syntax error: no steps or objects, only the error to carry.)
      expect(trace.objects.address.length > 0 || trace.meta.error !== null).toBe(true);

      // engine → compact → trace: the same arrays.
      const compact = await traceToCompact(trace);
      const back = await traceFromCompact(compact);
      expectSameTrace(back, trace);

      // engine → compact → JSON equals engine → JSON.
      const doc = traceToJSON(trace);
      expect(traceToJSON(back)).toEqual(doc);

      // engine → JSON text → trace → compact → trace → JSON: the document survives.
      const fromJson = traceFromJSON(JSON.stringify(doc));
      const again = await readTraceFile(await traceToCompact(fromJson));
      expect(traceToJSON(again)).toEqual(doc);

      // And the JSON file written from a compact read equals the one written from the engine.
      expect(new TextDecoder().decode(await writeTraceFile(back, 'json'))).toBe(JSON.stringify(doc));
      expect(compact.length).toBeLessThan(JSON.stringify(doc).length);
    });
  }
});
