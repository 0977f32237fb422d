/**
 * The WebAssembly recorder (./assembly/recorder.ts, ./wasmRecorder) against its reference,
 * the JavaScript recorder (./recorder): for every corpus program and every example, the two
 * engines must produce the same trace, field for field (objects, steps, refcounts,
 * bindings, references, blocks, output). And the committed module must be its source,
 * compiled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, generatedModule, WASM_MODULE } from '../../scripts/build-wasm';
import { sharedSnapshot } from '../../tests/support/engines';
import { pyodideIndexURL } from '../cli/pyodidePath';
import { EXAMPLES } from '../examples';
import { DEFAULT_LIMITS, type RunLimits } from '../protocol/messages';
import type { TraceData } from '../trace/types';
import { createEngine } from './engine';
import { REF_REGION_RECORDS } from './tracerWasm';

const root = join(__dirname, '../..');
const corpus = join(root, 'tests/corpus');

async function traceWith(tracer: 'wasm' | 'js', source: string, limits: RunLimits): Promise<TraceData> {
  const engine = await createEngine({ indexURL: pyodideIndexURL(), seed: 0, snapshot: await sharedSnapshot(), tracer });
  const trace = engine.run(source, limits);
  // Everything but the wall time, which no two runs share.
  return { ...trace, meta: { ...trace.meta, elapsedMs: 0 } };
}

/** Field by field, so that a difference names the part of the trace it is in. */
async function expectSameTrace(source: string, limits: RunLimits): Promise<void> {
  const js = await traceWith('js', source, limits);
  const wasm = await traceWith('wasm', source, limits);
  expect(Object.keys(wasm).sort()).toEqual(Object.keys(js).sort());
  for (const key of Object.keys(js) as Array<keyof TraceData>) {
    expect(wasm[key], key).toEqual(js[key]);
  }
  // Not a vacuous comparison: a run that ran lines recorded objects and their blocks' fates
  // (a program that does not compile runs none).
  if (js.steps.line.length > 0) {
    expect(js.objects.address.length).toBeGreaterThan(0);
    expect(js.objects.blockFate?.some((f) => f !== 0)).toBe(true);
  }
}

describe('WebAssembly tracer', () => {
  it('the committed module is the source compiled (`npm run wasm`)', { timeout: 60_000 }, async () => {
    expect(readFileSync(join(root, WASM_MODULE), 'utf8')).toBe(generatedModule(await compile()));
  });

  const programs = readdirSync(corpus).filter((f) => f.endsWith('.py')).sort();
  it.each(programs)('corpus %s: the same trace as the JavaScript tracer', { timeout: 120_000 }, async (file) => {
    await expectSameTrace(readFileSync(join(corpus, file), 'utf8'), { ...DEFAULT_LIMITS, maxSeconds: 60 });
  });

  // C-level work that makes more objects than the tracer's buffer holds, with no line in
  // between: the tracer drains through its import, mid-call.
  it('a buffer that fills up inside one C call: the same trace', { timeout: 120_000 }, async () => {
    expect(REF_REGION_RECORDS).toBeLessThan(50_000);
    const source = 'words = list(map(str, range(50_000)))\nprint(len(words))\ndel words\nnums = [float(i) for i in range(2_500)]\n';
    await expectSameTrace(source, { ...DEFAULT_LIMITS, maxSeconds: 60 });
  });

  // Previews the recorder spells from a str's code points: every PEP 393 width, quotes and
  // escapes, cut at 40 characters; big ints, which JavaScript spells; as names and as items.
  it('str and big-int previews of every kind: the same trace', { timeout: 120_000 }, async () => {
    const source = [
      "a = 'plain'",
      "b = 'caf\\u00e9 \\u4e2d\\u6587 \"quoted\" it\\'s'",
      "c = '\\U0001f600 wide ' * 3",
      "d = 'x' * 41",
      'e = 2 ** 100',
      'f = -(3 ** 50)',
      'g = [a, b, c, d, e, f, "\\n\\t"]',
      "h = {'k': c, 'long': d}",
    ].join('\n');
    await expectSameTrace(source, { ...DEFAULT_LIMITS, maxSeconds: 60 });
  });

  // More named objects than one 32-bit word of the recorder's per-object bits, bound in
  // frames 40 deep and as globals, then unbound out of order (each removal moves the last
  // named object into the freed place): lists (sampled, holding), big ints (sampled, holding
  // nothing), small ints (neither).
  it('a hundred named objects, unbound out of order: the same trace', { timeout: 120_000 }, async () => {
    const source = [
      'def f(depth):',
      '    x = [depth]',
      '    y = depth * 100_000',
      '    if depth < 40:',
      '        f(depth + 1)',
      '    x.append(y)',
      'f(0)',
      'for i in range(70):',
      "    globals()['v%d' % i] = [i] if i % 2 else i * 100_000",
      'for i in range(0, 70, 3):',
      "    del globals()['v%d' % i]",
      'v1.append(v5)',
    ].join('\n');
    await expectSameTrace(source, { ...DEFAULT_LIMITS, maxSeconds: 60 });
  });

  // The examples that loop forever stop at 20,000 steps here (their loops repeat the same
  // lines; the full 100,000 would only repeat the comparison).
  it.each(EXAMPLES.map((e) => [e.id, e.code]))('example %s: the same trace as the JavaScript tracer', { timeout: 120_000 }, async (_id, code) => {
    await expectSameTrace(code, { ...DEFAULT_LIMITS, maxSteps: 20_000, maxSeconds: 60 });
  });
});
