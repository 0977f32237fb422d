import { describe, expect, it } from 'vitest';
import { twoFloats as floats } from '../../tests/fixtures/blockTraces';
import { makeTrace } from '../../tests/fixtures/makeTrace';
import { freshEngine } from '../../tests/support/engines';
import { exampleById } from '../examples';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { laneHistory, type LaneEvent } from './laneHistory';
import { BlockFate, type TraceData } from './types';

const A = 0x1000;

/** Four objects at A (one made before the run) and one elsewhere (str #1; ordinals count by creation), with block columns set by hand. */
function handBuilt(): TraceData {
  const t = makeTrace({
    steps: [1, 2, 3, 4, 5, 6, 7, 8].map((line) => ({ line })),
    objects: [
      { address: A, type: 'str', size: 60, born: 2, died: 3 },
      { address: A, type: 'Son', size: 40, born: 5, died: -1 },
      { address: 0x2000, type: 'str', born: 1, died: -1 },
      { address: A, type: 'float', size: 24, born: -1, died: 1 },
      { address: A, type: 'str', size: 50, born: 3, died: 4 },
    ],
  });
  t.objects.chunk = Int32Array.from([72, 56, 0, 32, 64]);
  t.objects.blockFate = Uint8Array.from([BlockFate.object, BlockFate.unknown, BlockFate.unknown, BlockFate.allocation, BlockFate.merged]);
  t.objects.blockValue = Int32Array.from([4, 0, 0, 48, 368]);
  t.objects.blockStep = Int32Array.from([3, -1, -1, 1, 4]);
  return t;
}

const brief = (e: LaneEvent): string =>
  e.kind === 'occupant' ? `${e.label} ${e.born}-${e.died}` : e.next.kind === 'object' ? `-> ${e.next.label}` : `-> ${e.next.kind}`;

describe('laneHistory', () => {
  it('lists the occupants in order with the allocator between them', () => {
    const h = laneHistory(handBuilt(), A);
    expect(h.map(brief)).toEqual(['float #1 -1-1', '-> allocation', 'str #2 2-3', '-> str #3', 'str #3 3-4', '-> merged', 'Son #1 5--1']);
    expect(h[1]).toEqual({ kind: 'block', next: { kind: 'allocation', bytes: 48, step: 1, line: 2 } });
    expect(h[5]).toEqual({ kind: 'block', next: { kind: 'merged', bytes: 368, step: 4, line: 5 } });
    expect(h[2]).toMatchObject({ kind: 'occupant', obj: 0, size: 60, chunk: 72, born: 2, died: 3, bornLine: 3, diedLine: 4 });
    expect(h[0]).toMatchObject({ bornLine: null, diedLine: 2 });
    expect(h[6]).toMatchObject({ died: -1, diedLine: null });
  });

  it("says which occupant came off its type's free list, and where the block stayed", () => {
    const h = laneHistory(floats(BlockFate.freeList), A);
    expect(h[0]).toMatchObject({ kind: 'occupant', obj: 0, fromFreeList: null });
    expect(h[1]).toEqual({ kind: 'block', next: { kind: 'object', label: 'float #2', step: 2, line: 3, freeList: 'float' } });
    expect(h[2]).toMatchObject({ kind: 'occupant', obj: 1, fromFreeList: 'float' });
    // A plain object fate: no free-list mark on either side.
    const plain = laneHistory(floats(BlockFate.object), A);
    expect(plain[2]).toMatchObject({ fromFreeList: null });
    expect(plain[1]).toEqual({ kind: 'block', next: { kind: 'object', label: 'float #2', step: 2, line: 3 } });
  });

  it('is empty for an address nothing lived at, and has no block rows without block columns', () => {
    expect(laneHistory(handBuilt(), 0x3000)).toEqual([]);
    const t = handBuilt();
    delete t.objects.blockFate;
    expect(laneHistory(t, A).every((e) => e.kind === 'occupant')).toBe(true);
  });

  it("on the seed loop recorded by the engine: each object()'s block goes to the next object()", async () => {
    const engine = await freshEngine();
    const t = await engine.run(exampleById('seed-loop')!.code, { ...DEFAULT_LIMITS, maxSteps: 120 });
    const counts = new Map<number, number>();
    t.objects.address.forEach((a, o) => t.strings[t.objects.type[o] ?? -1] === 'object' && counts.set(a, (counts.get(a) ?? 0) + 1));
    const [top] = [...counts].sort((x, y) => y[1] - x[1])[0]!;
    const h = laneHistory(t, top);
    const occupants = h.filter((e) => e.kind === 'occupant');
    expect(occupants.length).toBeGreaterThan(10);
    // Occupant, its block went to the next occupant, next occupant...: the block went straight on.
    for (let i = 0; i + 2 < h.length; i += 2) {
      const [o, b, next] = [h[i], h[i + 1], h[i + 2]];
      expect(o?.kind).toBe('occupant');
      expect(b?.kind === 'block' && b.next.kind === 'object' ? b.next.label : null).toBe(next?.kind === 'occupant' ? next.label : '');
      if (o?.kind === 'occupant' && b?.kind === 'block' && b.next.kind === 'object') expect(b.next.step).toBeGreaterThanOrEqual(o.died);
    }
    expect(occupants.every((o) => o.label.startsWith('object #') && o.chunk > 0)).toBe(true);
  }, 120_000);
});
