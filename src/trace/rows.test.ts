import { describe, expect, it } from 'vitest';
import { groupRows, groupSteps, itemsInOrder, rowOf } from './rows';

describe('groupRows', () => {
  const keys = [3, null, -1, 3, 0, 7, -1, null, 3];
  const naive = (key: number) => keys.flatMap((k, i) => (k === key ? [i] : []));

  it('lists the items of each key in item order, negative keys included, and leaves null keys out', () => {
    const rows = groupRows(keys.length, (i) => keys[i] ?? null);
    for (let k = -3; k <= 9; k++) expect(rowOf(rows, k)).toEqual(naive(k));
  });

  it('gives the same rows for keys too far apart to count over', () => {
    const far = [5, 2 ** 30, 5, -(2 ** 29)];
    const rows = groupRows(far.length, (i) => far[i] ?? null);
    expect(rows.sparse).toBeDefined();
    expect(rowOf(rows, 5)).toEqual([0, 2]);
    expect(rowOf(rows, 2 ** 30)).toEqual([1]);
    expect(rowOf(rows, 4)).toEqual([]);
  });

  it('has no rows when every key is null', () => {
    expect(rowOf(groupRows(3, () => null), 0)).toEqual([]);
  });
});

describe('groupSteps', () => {
  it('gives the rows groupRows gives for a step column (negative steps left out), near and far apart', () => {
    const columns = [
      Int32Array.of(3, -1, 0, 3, 7, -1, 3, 2),
      Int32Array.of(-1, -1),
      Int32Array.of(),
      Int32Array.of(5, 2 ** 30, 5, -7),
    ];
    for (const col of columns) {
      const a = groupSteps(col);
      const b = groupRows(col.length, (i) => (col[i]! >= 0 ? col[i]! : null));
      for (const k of [-1, 0, 1, 2, 3, 5, 7, 8, 2 ** 30]) expect(rowOf(a, k)).toEqual(rowOf(b, k));
    }
  });
});

describe('itemsInOrder', () => {
  it('lists every item by key, then item order, counted or sparse', () => {
    expect(Array.from(itemsInOrder(groupSteps(Int32Array.of(3, -1, 0, 3, 1))))).toEqual([2, 4, 0, 3]);
    expect(Array.from(itemsInOrder(groupSteps(Int32Array.of(2 ** 30, 5, -1, 5))))).toEqual([1, 3, 0]);
  });
});
