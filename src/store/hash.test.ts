import { describe, expect, it } from 'vitest';
import { BROKEN_LINK_NOTICE, buildHash, parseHash } from './hash';
import { SEED_SOURCE } from './programSlice';

describe('URL hash', () => {
  it('round-trips a program', () => {
    expect(parseHash(buildHash(SEED_SOURCE))).toEqual({ source: SEED_SOURCE, run: false, notice: null, limits: {} });
  });

  it('reads run=1', () => {
    const hash = buildHash('print("hi")', true);
    expect(hash).toMatch(/&run=1$/);
    expect(parseHash(hash)).toEqual({ source: 'print("hi")', run: true, notice: null, limits: {} });
  });

  it('accepts the hash without its leading #', () => {
    expect(parseHash(buildHash('x = 1').slice(1)).source).toBe('x = 1');
  });

  it("keeps lz-string's '+' (URLSearchParams would turn it into a space)", () => {
    const source = 'a = [1, 2, 3]\nprint(sum(a) * 2 + 1)\n'.repeat(5);
    const hash = buildHash(source);
    expect(hash.includes('+') || hash.includes('-')).toBe(true);
    expect(parseHash(hash).source).toBe(source);
  });

  it('keeps non-ASCII programs', () => {
    const source = '# 为什么 id 一样?\nprint("π ≈ 3.14 🐍")\n';
    expect(parseHash(buildHash(source)).source).toBe(source);
  });

  it('ignores hashes without code', () => {
    const none = { source: null, run: false, notice: null, limits: {} };
    expect(parseHash('')).toEqual(none);
    expect(parseHash('#')).toEqual(none);
    expect(parseHash('#run=1&steps=5')).toEqual(none);
  });

  it.each([
    ['empty', '#code='],
    ['garbage', '#code=!!!!'],
    ['bad percent escape', '#code=%E0%A4%A'],
    ['cut short', buildHash(SEED_SOURCE).slice(0, 40)],
    ['reversed', '#code=' + [...buildHash(SEED_SOURCE).slice(6)].reverse().join('')],
  ])('reports a broken link (%s) and never runs it', (_, hash) => {
    expect(parseHash(`${hash}&run=1`)).toEqual({ source: null, run: false, notice: BROKEN_LINK_NOTICE, limits: {} });
  });

  it('reads budgets within bounds and ignores the rest', () => {
    const hash = buildHash('pass', true, { maxSteps: 5_000_000, maxSeconds: 30 });
    expect(hash).toMatch(/&run=1&steps=5000000&seconds=30$/);
    expect(parseHash(hash).limits).toEqual({ maxSteps: 5_000_000, maxSeconds: 30 });
    const code = buildHash('pass');
    expect(parseHash(`${code}&steps=0&seconds=1e9`).limits).toEqual({});
    expect(parseHash(`${code}&steps=abc&seconds=`).limits).toEqual({});
    expect(parseHash(`${code}&steps=2.6`).limits).toEqual({ maxSteps: 3 });
  });
});
