import { describe, expect, it } from 'vitest';
import { makeTrace } from '../../tests/fixtures/makeTrace';
import { typeOrdinals } from './lifetimes';
import { adoptIndices, shareIndex, sharedIndices } from './memo';
import type { TraceData } from './types';

const small = (): TraceData =>
  makeTrace({
    steps: [{ line: 1 }, { line: 2 }],
    objects: [
      { address: 16, type: 'float', born: 0, died: 1 },
      { address: 16, type: 'float', born: 1, died: -1 },
    ],
  });

describe('shared indices', () => {
  it('lists what the shared caches hold for a trace, and only that', () => {
    const t = small();
    expect(sharedIndices(t).map(([name]) => name)).not.toContain('typeOrdinals');
    const ordinals = typeOrdinals(t);
    expect(sharedIndices(t)).toContainEqual(['typeOrdinals', ordinals]);
  });

  it('adopts indices computed for a copy of the trace; keeps what is already computed and ignores unknown names', () => {
    const t = small();
    const elsewhere = Int32Array.of(7, 9);
    adoptIndices(t, [
      ['typeOrdinals', elsewhere],
      ['no such index', 1],
    ]);
    // The module's own function now answers from the adopted value.
    expect(typeOrdinals(t)).toBe(elsewhere);
    adoptIndices(t, [['typeOrdinals', Int32Array.of(0, 0)]]);
    expect(typeOrdinals(t)).toBe(elsewhere);
    expect(sharedIndices(t).map(([name]) => name)).not.toContain('no such index');
  });

  it('takes any cache a module names', () => {
    const cache = new WeakMap<TraceData, string>();
    shareIndex('test-only', cache);
    const t = small();
    adoptIndices(t, [['test-only', 'from the worker']]);
    expect(cache.get(t)).toBe('from the worker');
  });
});
