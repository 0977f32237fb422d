import { describe, expect, it } from 'vitest';
import { seedLoopTrace } from '../../tests/fixtures/makeTrace';
import { addTraceWarmer, prepareTrace } from './prepare';

const busy = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* a slow index */
  }
};

describe('prepareTrace', () => {
  it('computes every index, yielding to the event loop once a slice has run long, and stops when the trace is no longer wanted', async () => {
    const seen: string[] = [];
    addTraceWarmer(() => {
      seen.push('slow');
      busy(40);
    });
    addTraceWarmer(() => seen.push('after'));
    const t = seedLoopTrace(20);
    expect(await prepareTrace(t)).toBe(true);
    expect(seen).toEqual(['slow', 'after']);

    // Other work gets a turn between the slow index and the next one.
    seen.length = 0;
    let wanted = true;
    setTimeout(() => (wanted = false), 0);
    expect(await prepareTrace(seedLoopTrace(20), () => wanted)).toBe(false);
    expect(seen).toEqual(['slow']);
  });

  it('yields once more after a slow last index, before the trace is shown', async () => {
    const slowLast = seedLoopTrace(30);
    let wanted = true;
    addTraceWarmer((x) => {
      if (x !== slowLast) return;
      busy(40);
      // Runs only if prepareTrace lets the event loop turn after this, the last index.
      setTimeout(() => (wanted = false), 0);
    });
    expect(await prepareTrace(slowLast, () => wanted)).toBe(false);
  });
});
