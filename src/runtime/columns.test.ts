import { describe, expect, it } from 'vitest';
import { Records } from './columns';

/** Append `n` records whose fields are (i, i * 10, ...). */
function fill(r: Records, n: number): void {
  for (let i = 0; i < n; i++) {
    const at = r.next();
    for (let f = 0; f < r.width; f++) r.data[at + f] = i * 10 ** f;
  }
}

describe('Records', () => {
  it('keeps every record across chunk boundaries', () => {
    const r = new Records(3);
    const n = 40_000; // more than two chunks of 16,384
    fill(r, n);
    expect(r.count).toBe(n);
    expect(Array.from(r.field(0).subarray(16_380, 16_390))).toEqual([
      16380, 16381, 16382, 16383, 16384, 16385, 16386, 16387, 16388, 16389,
    ]);
    expect(r.field(1)[n - 1]).toBe((n - 1) * 10);
    expect(r.get(20_000, 2)).toBe(20_000 * 100);
    r.set(20_000, 2, -7);
    expect(r.field(2)[20_000]).toBe(-7);
    expect(r.byteLength).toBe(3 * 16_384 * 3 * 4);
  });

  it('pops back over a chunk boundary and writes there again', () => {
    const r = new Records(2);
    fill(r, 16_385);
    r.pop();
    r.pop();
    expect(r.count).toBe(16_383);
    expect(r.get(16_382, 0)).toBe(16_382);
    const at = r.next();
    r.data[at] = 99;
    expect(r.count).toBe(16_384);
    expect(r.get(16_383, 0)).toBe(99);
    const again = r.next();
    r.data[again] = 100;
    expect(Array.from(r.field(0).subarray(16_382))).toEqual([16_382, 99, 100]);
  });

  it('pop on an empty stream does nothing', () => {
    const r = new Records(4);
    r.pop();
    expect(r.count).toBe(0);
    expect(r.field(0)).toHaveLength(0);
  });

  it('hands a released chunk to the next records of its size, reads only what they write, and keeps what was copied out', () => {
    const first = new Records(7);
    fill(first, 20_000);
    const column = first.field(1);
    const chunks = [first.data];
    first.release();
    expect(first.count).toBe(0);
    const next = new Records(7);
    expect(chunks).toContain(next.data);
    expect(next.count).toBe(0);
    expect(next.field(1)).toHaveLength(0);
    fill(next, 3);
    expect(Array.from(next.field(1))).toEqual([0, 10, 20]);
    expect(column[19_999]).toBe(199_990);
  });
});
