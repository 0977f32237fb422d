import { describe, expect, it } from 'vitest';
import { assertNever, DEFAULT_LIMITS, DEFAULT_SEED, type PageToWorker, type WorkerToPage } from './messages';

function kind(message: WorkerToPage): string {
  switch (message.type) {
    case 'ready':
    case 'output':
    case 'progress':
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

  it('messages survive structured cloning', () => {
    const run: PageToWorker = { type: 'run', runId: 7, source: 'print(1)', limits: DEFAULT_LIMITS };
    expect(structuredClone(run)).toEqual(run);
  });
});
