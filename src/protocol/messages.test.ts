import { describe, expect, it } from 'vitest';
import { recordedFixture } from '../../tests/fixtures/traces';
import { fromWire, toWire } from './transfer';
import { parseWorkerMessage } from './validate';
import { traceToJSON } from '../trace/json';
import { assertNever, DEFAULT_LIMITS, DEFAULT_SEED, type PageToWorker, type WorkerToPage } from './messages';

function kind(message: WorkerToPage): string {
  switch (message.type) {
    case 'ready':
    case 'snapshot':
    case 'output':
    case 'progress':
    case 'ended':
    case 'done':
    case 'failed':
      return message.type;
    default:
      return assertNever(message);
  }
}

describe('protocol', () => {
  it('has the budgets the issue names', () => {
    expect(DEFAULT_LIMITS.maxSteps).toBe(100_000);
    expect(DEFAULT_LIMITS.maxSeconds).toBe(10);
    expect(DEFAULT_SEED).toBe(0);
  });

  it('switches exhaustively over the worker messages', () => {
    expect(kind({ type: 'failed', message: 'x' })).toBe('failed');
    expect(kind({ type: 'progress', runId: 1, steps: 3 })).toBe('progress');
  });

  it('assertNever throws on a message nobody handles', () => {
    const bogus = { type: 'bogus' } as unknown as never;
    expect(() => assertNever(bogus)).toThrow(/Unhandled message/);
  });

  it('a recorded trace crosses the port as the worker sends it and the page accepts it whole', () => {
    // What can go wrong here: a field of TraceData that structured cloning drops or changes
    // (a class instance, a Map of memoized facts, a function), or a column the transfer
    // detaches from a buffer it shares with another. The page's validator then refuses it.
    const trace = recordedFixture('finalizer');
    const expected = traceToJSON(trace);
    const { wire, transfer } = toWire(trace);
    const sent: WorkerToPage = { type: 'done', runId: 3, trace: wire };
    const received = parseWorkerMessage(structuredClone(sent, { transfer }));
    expect(received?.type).toBe('done');
    if (received?.type !== 'done') return;
    expect(traceToJSON(fromWire(received.trace))).toEqual(expected);
    const run: PageToWorker = { type: 'run', runId: 7, source: 'print(1)', limits: DEFAULT_LIMITS };
    expect(structuredClone(run)).toEqual(run);
  });
});
