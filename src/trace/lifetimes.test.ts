import { describe, expect, it } from 'vitest';
import { makeTrace, type ObjectSpec } from '../../tests/fixtures/makeTrace';
import { eventsAt, objectsByBirth, typeOrdinals } from './lifetimes';

/** A seeded pseudo-random sequence (the same objects on every run). */
function random(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** Objects with births, deaths and finalizations scattered over `steps` steps, some pre-existing (born -1) listed after run objects, as traces list them. */
function scattered(count: number, steps: number, seed: number, spread = 1): ObjectSpec[] {
  const r = random(seed);
  const types = ['int', 'list', 'object', 'Son'];
  return Array.from({ length: count }, (_, i) => {
    const preexisting = r() < 0.15;
    const born = preexisting ? -1 : Math.floor(r() * steps) * spread;
    const died = r() < 0.3 ? -1 : born + Math.floor(r() * 5);
    const finalized = r() < 0.8 ? -1 : died;
    return { address: 0x1000 + (i % 7) * 16, type: types[Math.floor(r() * types.length)]!, born, died, finalized };
  });
}

describe('eventsAt', () => {
  it('lists, per step, the objects born, destroyed and finalized then, in object order', () => {
    const objects = scattered(400, 60, 7);
    const t = makeTrace({ steps: Array.from({ length: 70 }, () => ({ line: 1 })), objects });
    for (let step = -1; step <= 72; step++) {
      const at = (key: 'born' | 'died' | 'finalized') => objects.flatMap((o, i) => ((o[key] ?? -1) === step && step >= 0 ? [i] : []));
      const ev = eventsAt(t, step);
      expect(ev.born).toEqual(at('born'));
      expect(ev.died).toEqual(at('died'));
      expect(ev.finalized).toEqual(at('finalized'));
    }
  });

  it('gives each caller its own list', () => {
    const t = makeTrace({ steps: [{ line: 1 }, { line: 2 }], objects: [{ address: 16, type: 'int', born: 1, died: -1 }] });
    eventsAt(t, 1).born.push(99);
    expect(eventsAt(t, 1).born).toEqual([0]);
  });
});

describe('typeOrdinals', () => {
  /** The definition: per type, 1, 2, 3… in order of birth (pre-existing first), ties by index. */
  function expected(objects: ObjectSpec[]): number[] {
    const order = objects.map((_, i) => i).sort((a, b) => objects[a]!.born - objects[b]!.born || a - b);
    const seen = new Map<string, number>();
    const out: number[] = [];
    for (const o of order) {
      const c = (seen.get(objects[o]!.type) ?? 0) + 1;
      seen.set(objects[o]!.type, c);
      out[o] = c;
    }
    return out;
  }

  it('numbers objects of a type in order of birth when the trace lists pre-existing objects last', () => {
    const objects = scattered(500, 80, 3);
    const t = makeTrace({ steps: Array.from({ length: 90 }, () => ({ line: 1 })), objects });
    expect(Array.from(typeOrdinals(t))).toEqual(expected(objects));
  });

  it('gives the same numbers when births are far apart (no counting over the steps)', () => {
    const objects = scattered(50, 40, 11, 1_000_000);
    const t = makeTrace({ steps: [{ line: 1 }], objects });
    expect(Array.from(typeOrdinals(t))).toEqual(expected(objects));
  });
});

describe('objectsByBirth', () => {
  it('orders every object by birth step, pre-existing first, ties by index', () => {
    const objects = scattered(300, 50, 5);
    const t = makeTrace({ steps: Array.from({ length: 60 }, () => ({ line: 1 })), objects });
    const naive = objects.map((_, i) => i).sort((a, b) => objects[a]!.born - objects[b]!.born || a - b);
    expect(Array.from(objectsByBirth(t))).toEqual(naive);
  });
});
