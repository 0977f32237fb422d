import { describe, expect, it } from 'vitest';
import { A, B, D, L, NONE, nodesTrace, withRefs } from '../../tests/fixtures/heapTrace';
import { heapScene } from './heap';
import { heapPlaces } from './heapPlace';

describe('heap places', () => {
  it('puts what nothing holds in the first column and each object one column right of its nearest holder', () => {
    const { column, columns } = heapPlaces(nodesTrace());
    expect([B, L, D].map((o) => column[o])).toEqual([0, 0, 0]);
    expect(column[A]).toBe(1);
    expect(column[NONE]).toBe(2);
    expect(columns).toBe(3);
  });

  it('gives objects on view at the same step distinct places, kept at every step', () => {
    const t = nodesTrace();
    const { column, row } = heapPlaces(t);
    for (let step = 0; step < 10; step++) {
      const at = heapScene(t, step).boxes.map((b) => `${column[b.obj]},${row[b.obj]}`);
      expect(new Set(at).size).toBe(at.length);
    }
  });

  it('starts a cycle nothing else holds from its earliest member, and a chain reads along one row', () => {
    // x = [] ; y = [x] ; x.append(y) ; del x, y — a cycle left for the collector.
    const t = withRefs(
      {
        meta: { source: 'x = []\ny = [x]\nx.append(y)\ndel x, y\n' },
        steps: [{ line: 1 }, { line: 2 }, { line: 3 }, { line: 4 }],
        objects: [
          { address: 0x10, type: 'list', born: 0, died: -1, refcounts: [[0, 1]] },
          { address: 0x20, type: 'list', born: 1, died: -1, refcounts: [[1, 1]] },
        ],
        bindings: [
          { obj: 0, name: 'x', frame: -1, from: 1, to: 3 },
          { obj: 1, name: 'y', frame: -1, from: 2, to: 3 },
        ],
      },
      [
        [1, '[0]', 0, 2, -1],
        [0, '[0]', 1, 3, -1],
      ],
    );
    const { column, row } = heapPlaces(t);
    expect([column[0], column[1]]).toEqual([0, 1]);
    expect(row[1]).toBe(row[0]);
  });
});
