import { describe, expect, it } from 'vitest';
import { EdgeDiff, EdgeList } from './referenceDiff';

/** An edge list from [holder, label, target] triples. */
function edges(triples: [number, number, number][]): EdgeList {
  const list = new EdgeList(64);
  for (const [holder, label, target] of triples) {
    const i = list.length++;
    list.holder[i] = holder;
    list.label[i] = label;
    list.target[i] = target;
  }
  return list;
}

/** The changes `compare` reports, in its order: `+h.l.t` opened, `-h.l.t` closed. */
function changes(prev: [number, number, number][], cur: [number, number, number][]): string[] {
  const out: string[] = [];
  new EdgeDiff().compare(edges(prev), edges(cur), (list, row, open) => {
    out.push(`${open ? '+' : '-'}${list.holder[row]}.${list.label[row]}.${list.target[row]}`);
  });
  return out;
}

describe('EdgeDiff', () => {
  const a: [number, number, number] = [8, 0, 16];
  const b: [number, number, number] = [8, 1, 24];
  const c: [number, number, number] = [32, 2, 8];
  const d: [number, number, number] = [32, 2, 40];

  it('reports nothing for the same references in the same order', () => {
    expect(changes([a, b, c], [a, b, c])).toEqual([]);
  });

  it('opens the references a step added at the end, in order', () => {
    expect(changes([], [a, b])).toEqual(['+8.0.16', '+8.1.24']);
    expect(changes([a], [a, b, c])).toEqual(['+8.1.24', '+32.2.8']);
  });

  it('closes the references a step dropped from the end, in order', () => {
    expect(changes([a, b, c], [a])).toEqual(['-8.1.24', '-32.2.8']);
    expect(changes([a, b], [])).toEqual(['-8.0.16', '-8.1.24']);
  });

  it('matches the rest whatever their order: opens first (in the new order), then closes', () => {
    expect(changes([a, b, c], [c, a, b])).toEqual([]);
    expect(changes([a, b, c], [b, d, a])).toEqual(['+32.2.40', '-32.2.8']);
    // The same holder and label with another target is another reference.
    expect(changes([a, c], [a, d])).toEqual(['+32.2.40', '-32.2.8']);
  });
});
