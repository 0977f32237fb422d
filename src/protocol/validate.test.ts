import { describe, expect, it } from 'vitest';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { fakeTrace } from '../../tests/unit/fakes';
import { TRACE_COLUMNS } from '../trace/columns';
import type { TraceData } from '../trace/types';
import { packOutput, toWire } from './transfer';
import { isTrace, isWireTrace, parseWorkerMessage } from './validate';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- forging traces of any shape
type Loose = Record<string, any>;

/** A copy of a trace with `change` applied, for forging bad ones. */
function forged(change: (t: Loose) => void): unknown {
  const t = structuredClone(recordedSeedLoop()) as unknown as Loose;
  change(t);
  return t;
}

/** A forged trace in the form a worker sends it (its output packed). */
const wire = (t: unknown): Loose => ({ ...(t as Loose), output: packOutput((t as Loose).output) });

describe('parseWorkerMessage', () => {
  it('accepts well-formed messages', () => {
    const messages = [
      { type: 'ready', python: '3.14.2', pyodide: '314.0.7', loadMs: 1500, boot: 'cached' },
      { type: 'output', runId: 1, chunks: [{ step: 0, stream: 'stdout', text: 'hi\n' }] },
      { type: 'progress', runId: 1, steps: 10 },
      { type: 'done', runId: 1, trace: toWire(fakeTrace()).wire },
      { type: 'failed', message: 'no wasm' },
    ];
    for (const message of messages) expect(parseWorkerMessage(message)).toBe(message);
  });

  it.each([
    ['not an object', 'ready'],
    ['null', null],
    ['unknown type', { type: 'exec', code: 'alert(1)' }],
    ['ready without versions', { type: 'ready', loadMs: 1 }],
    ['ready with an unknown boot', { type: 'ready', python: '3.14.2', pyodide: '314.0.7', loadMs: 1, boot: 'warp' }],
    ['output with a bad stream', { type: 'output', runId: 1, chunks: [{ step: 0, stream: 'html', text: '<b>' }] }],
    ['output with non-string text', { type: 'output', runId: 1, chunks: [{ step: 0, stream: 'stdout', text: 5 }] }],
    ['progress without runId', { type: 'progress', steps: 1 }],
    ['done with an unknown status', { type: 'done', runId: 1, trace: { ...fakeTrace(), meta: { status: 'great' } } }],
    ['done without a trace', { type: 'done', runId: 1 }],
    ['failed without a message', { type: 'failed' }],
  ])('rejects %s', (_, data) => {
    expect(parseWorkerMessage(data)).toBeNull();
  });
});

describe('isTrace', () => {
  it('accepts traces recorded by the engine', () => {
    const trace: TraceData = recordedSeedLoop();
    expect(isTrace(trace)).toBe(true);
    expect(isTrace(fakeTrace())).toBe(true);
  });

  it.each([
    ['a column of another kind', (t: Loose) => (t.steps.line = Array.from(t.steps.line))],
    ['columns of different lengths', (t: Loose) => (t.objects.born = t.objects.born.subarray(1))],
    ['a missing group', (t: Loose) => delete t.frames],
    ['refcount ranges past the samples', (t: Loose) => (t.refcounts.start[1] = 1e9)],
    ['refcount starts of the wrong length', (t: Loose) => (t.refcounts.start = new Int32Array(1))],
    ['strings that are not strings', (t: Loose) => t.strings.push({ toString: 'x' })],
    ['an error without a message', (t: Loose) => (t.meta.error = { type: 'X', line: 1, traceback: [] })],
    ['a meta without its source', (t: Loose) => delete t.meta.source],
    ['bytecode for other steps', (t: Loose) => (t.bytecode = { codes: [], stepCode: new Int32Array(1) })],
    ['previews of the wrong length', (t: Loose) => (t.objects.preview = ['1'])],
    ['a reference to a missing object', (t: Loose) => (t.references = refs(0, t.objects.address.length))],
    ['a reference with a label past the strings', (t: Loose) => (t.references = refs(1e6, 0))],
    ['references of different lengths', (t: Loose) => (t.references = { ...refs(0, 0), to: new Int32Array(0) })],
  ])('rejects %s', (_, change) => {
    expect(isTrace(forged(change))).toBe(false);
    expect(isWireTrace(wire(forged(() => undefined)))).toBe(true);
    expect(parseWorkerMessage({ type: 'done', runId: 1, trace: wire(forged(change)) })).toBeNull();
  });
});

describe('isWireTrace', () => {
  it('accepts packed output and refuses output that does not fit its text', () => {
    const trace = recordedSeedLoop();
    expect(isWireTrace(toWire(structuredClone(trace)).wire)).toBe(true);
    // The unpacked form is not what a worker sends.
    expect(isWireTrace(trace)).toBe(false);
    const bad: Array<(o: Loose) => void> = [
      (o) => (o.ends[0] = o.text.length + 1),
      (o) => (o.ends = o.ends.subarray(1)),
      (o) => (o.stderr = Array.from(o.stderr)),
      (o) => (o.text = 7),
      (o) => (o.ends[1] = o.ends[0] - 1),
    ];
    for (const change of bad) {
      const w = wire(structuredClone(trace));
      change(w.output);
      expect(isWireTrace(w)).toBe(false);
    }
  });
});

/** One reference row: object 0 → `target` labelled `label`. */
function refs(label: number, target: number) {
  return { holder: Int32Array.of(0), label: Int32Array.of(label), target: Int32Array.of(target), from: Int32Array.of(0), to: Int32Array.of(-1) };
}

describe('isTrace and references', () => {
  it('accepts a trace with references between its objects', () => {
    expect(isTrace(forged((t) => (t.references = refs(0, 0))))).toBe(true);
  });
});

describe('isTrace checks every column of the model', () => {
  // The table the validator walks is the one the compiler checks against TraceData: a column
  // added to the model is refused here until the worker's trace carries it, of its kind.
  const columns = Object.entries(TRACE_COLUMNS).flatMap(([group, cols]) => Object.keys(cols).map((name) => [group, name] as const));
  it.each(columns)('refuses %s.%s missing, of another kind or of another length', (group, name) => {
    expect(isTrace(forged((t) => delete t[group][name]))).toBe(false);
    expect(isTrace(forged((t) => (t[group][name] = new Float64Array(t[group][name].length))))).toBe(false);
    expect(isTrace(forged((t) => (t[group][name] = t[group][name].slice(1))))).toBe(false);
  });
});
