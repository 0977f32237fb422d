import { describe, expect, it } from 'vitest';
import { makeTrace } from '../../tests/fixtures/makeTrace';
import { whyNot } from './blocks';
import { BlockFate, type TraceData } from './types';

/**
 * The previous instance of each created object's type, straight from its definition (the
 * index whyNot reads was rewritten for speed; this is what it must still say): the instance
 * of the type that died last before the object was created (a death in the same step counts
 * when that object comes earlier), unless another instance of the type was created after
 * that death.
 */
function previousByDefinition(t: TraceData, o: number): number {
  const { born, died, type } = t.objects;
  const before = (p: number): boolean => died[p]! >= 0 && (died[p]! < born[o]! || (died[p] === born[o] && p < o));
  let best = -1;
  for (let p = 0; p < born.length; p++) {
    if (type[p] !== type[o] || !before(p)) continue;
    if (best < 0 || died[p]! > died[best]! || (died[p] === died[best] && p > best)) best = p;
  }
  if (best < 0) return -1;
  // The last instance created before o (creation order: step, then index).
  let last = -1;
  for (let b = 0; b < born.length; b++) {
    if (type[b] !== type[o] || born[b]! < 0) continue;
    if (born[b]! < born[o]! || (born[b] === born[o] && b < o)) {
      if (last < 0 || born[b]! > born[last]! || (born[b] === born[last] && b > last)) last = b;
    }
  }
  return last < 0 || last === best || born[last]! <= died[best]! ? best : -1;
}

/** A random trace whose every object has an address of its own and a known (free) block, so whyNot names every previous instance. */
function randomTrace(seed: number, n: number): TraceData {
  let s = seed;
  const rand = (k: number): number => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % k;
  };
  const steps = 40;
  const objects = Array.from({ length: n }, (_, i) => {
    // Some pre-existing objects (born -1), created ones in any order of index.
    const born = rand(6) === 0 ? -1 : rand(steps);
    const died = rand(3) === 0 ? -1 : Math.max(born, 0) + rand(8);
    return { address: 0x1000 + 16 * i, type: ['float', 'Son', 'list'][rand(3)]!, born, died: Math.min(died, steps - 1) };
  });
  const t = makeTrace({ steps: Array.from({ length: steps }, (_, i) => ({ line: i + 1 })), objects });
  t.objects.blockFate = Uint8Array.from(objects, (o) => (o.died >= 0 ? BlockFate.free : BlockFate.unknown));
  t.objects.blockValue = new Int32Array(n);
  t.objects.blockStep = new Int32Array(n).fill(-1);
  return t;
}

describe('whyNot: the previous instance of a type', () => {
  it('is the one the definition names, on random traces (births out of index order, deaths in the same step)', () => {
    let named = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const t = randomTrace(seed, 60);
      for (let o = 0; o < t.objects.born.length; o++) {
        if (t.objects.born[o]! < 0) continue;
        const expected = previousByDefinition(t, o);
        expect(whyNot(t, o)?.previous ?? -1, `seed ${seed}, object ${o}`).toBe(expected);
        if (expected >= 0) named++;
      }
    }
    // The random traces do exercise the case (not every answer is "none").
    expect(named).toBeGreaterThan(100);
  });

  it('is none when another instance of the type was created after the death', () => {
    const t = makeTrace({
      steps: [1, 2, 3, 4, 5].map((line) => ({ line })),
      objects: [
        { address: 0x10, type: 'Son', born: 0, died: 1 },
        { address: 0x20, type: 'Son', born: 2, died: -1 },
        { address: 0x30, type: 'Son', born: 3, died: -1 },
      ],
    });
    t.objects.blockFate = Uint8Array.from([BlockFate.free, BlockFate.unknown, BlockFate.unknown]);
    t.objects.blockValue = new Int32Array(3);
    t.objects.blockStep = Int32Array.from([-1, -1, -1]);
    expect(whyNot(t, 1)?.previous).toBe(0);
    expect(whyNot(t, 2)).toBeNull();
  });
});
