import { describe, expect, it } from 'vitest';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { traceFromCompact, traceToCompact } from './compact';
import { traceFromJSON, traceToJSON } from './json';
import { isAliveAt, refcountAt } from './query';
import { referencesLiveAt } from './heapIndex';
import { makeTrace } from '../../tests/fixtures/makeTrace';
import { trimTrace } from './trim';
import { BlockFate, type TraceData } from './types';

/** What a reader sees at a step: the objects alive (address, type, refcount) and the names bound. */
function seenAt(t: TraceData, step: number): { objects: string[]; names: string[] } {
  const objects: string[] = [];
  for (let o = 0; o < t.objects.address.length; o++) {
    if (isAliveAt(t, o, step)) objects.push(`${t.objects.address[o]}:${t.strings[t.objects.type[o]!]}:${refcountAt(t, o, step)}`);
  }
  const names: string[] = [];
  for (let i = 0; i < t.bindings.obj.length; i++) {
    const from = t.bindings.from[i]!;
    const to = t.bindings.to[i]!;
    if (from <= step && (to < 0 || to >= step)) names.push(`${t.strings[t.bindings.name[i]!]}=${t.objects.address[t.bindings.obj[i]!]}`);
  }
  return { objects: objects.sort(), names: names.sort() };
}

describe('trimTrace', () => {
  const t = recordedSeedLoop();
  const n = t.steps.line.length;

  it('the whole range gives the same document', () => {
    expect(traceToJSON(trimTrace(t, 0, n - 1))).toEqual(traceToJSON(t));
  });

  for (const [a, b] of [
    [0, 5],
    [5, 13],
    [9, 9],
    [10, n - 1],
  ] as const) {
    it(`steps ${a}–${b}: every step shows the same objects, refcounts, names and output`, () => {
      const w = trimTrace(t, a, b);
      expect(w.steps.line.length).toBe(b - a + 1);
      for (let s = a; s <= b; s++) {
        expect(Array.from(w.steps.line.subarray(s - a, s - a + 1))).toEqual([t.steps.line[s]]);
        expect(seenAt(w, s - a), `step ${s}`).toEqual(seenAt(t, s));
      }
      expect(w.output.map((c) => [c.step + a, c.text])).toEqual(t.output.filter((c) => c.step >= a && c.step <= b).map((c) => [c.step, c.text]));
      // Fewer objects than the whole run (unless the window is the whole run), and only those of the window.
      for (let o = 0; o < w.objects.address.length; o++) {
        expect([...Array(b - a + 1).keys()].some((s) => isAliveAt(w, o, s))).toBe(true);
      }
      expect(w.meta.status).toBe(b === n - 1 ? t.meta.status : 'stopped');
      // A valid trace in both formats.
      expect(traceToJSON(traceFromJSON(JSON.stringify(traceToJSON(w))))).toEqual(traceToJSON(w));
    });
  }

  it('survives the compact format and leaves its input alone', async () => {
    const before = JSON.stringify(traceToJSON(t));
    const w = trimTrace(t, 3, 17);
    expect(traceToJSON(await traceFromCompact(await traceToCompact(w)))).toEqual(traceToJSON(w));
    expect(JSON.stringify(traceToJSON(t))).toBe(before);
    expect(w.objects.address.length).toBeLessThan(t.objects.address.length);
  });

  it('clamps the range to the trace', () => {
    expect(trimTrace(t, -5, 10_000).steps.line.length).toBe(n);
    expect(trimTrace(t, 8, 2).steps.line.length).toBe(1);
  });

  it('keeps the references between kept objects that overlap the window, clipped', async () => {
    const r = makeTrace({
      steps: Array.from({ length: 10 }, (_, i) => ({ line: i + 1 })),
      objects: [
        { address: 100, type: 'list', born: 0, died: -1 },
        { address: 200, type: 'Node', born: 1, died: 8 },
        { address: 300, type: 'Node', born: 0, died: 2 },
      ],
    });
    r.strings.push('[0]', '.nxt');
    const [item, nxt] = [r.strings.length - 2, r.strings.length - 1];
    r.references = {
      holder: Int32Array.of(0, 1, 0, 2),
      label: Int32Array.of(item, nxt, item, nxt),
      target: Int32Array.of(1, 0, 2, 0),
      from: Int32Array.of(1, 2, 0, 0),
      to: Int32Array.of(8, -1, 1, 2),
    };
    const seen = (x: TraceData, step: number) =>
      referencesLiveAt(x, step).map((r) => {
        const refs = x.references!;
        return `${x.objects.address[refs.holder[r]!]}${x.strings[refs.label[r]!]}${x.objects.address[refs.target[r]!]}`;
      });
    const w = trimTrace(r, 3, 6);
    // The object at 300 is dead before the window: neither it nor its references are kept.
    expect(w.references!.holder.length).toBe(2);
    for (let s = 3; s <= 6; s++) expect(seen(w, s - 3), `step ${s}`).toEqual(seen(r, s));
    expect(Array.from(w.references!.from)).toEqual([0, 0]);
    expect(Array.from(w.references!.to)).toEqual([-1, -1]);
    expect(traceToJSON(await traceFromCompact(await traceToCompact(w)))).toEqual(traceToJSON(w));
  });
});

describe('trimTrace and where blocks went', () => {
  it('keeps a block fate inside the window, renumbering its object and step; drops one after it', () => {
    const t = recordedSeedLoop();
    const n = t.objects.address.length;
    const dead = [...t.objects.address.keys()].filter((o) => (t.objects.died[o] ?? -1) >= 2);
    const [a, b] = dead as [number, number];
    const withBlocks: TraceData = {
      ...t,
      objects: { ...t.objects, blockFate: new Uint8Array(n), blockValue: new Int32Array(n), blockStep: new Int32Array(n).fill(-1) },
    };
    const o = withBlocks.objects;
    o.blockFate![a] = BlockFate.allocation;
    o.blockValue![a] = 48;
    o.blockStep![a] = o.died[a]!;
    o.blockFate![b] = BlockFate.merged;
    o.blockValue![b] = 96;
    o.blockStep![b] = o.died[b]! + 1;
    // A window from step 1 up to the step a died: a's fate is in it, b's (a step later at least) may not be.
    const from = 1;
    const to = o.died[a]!;
    const cut = trimTrace(withBlocks, from, to);
    const find = (x: number) => [...cut.objects.address.keys()].find((i) => cut.objects.address[i] === o.address[x] && cut.objects.born[i] === Math.max(-1, o.born[x]! - from));
    const ia = find(a)!;
    expect(cut.objects.blockFate?.[ia]).toBe(BlockFate.allocation);
    expect(cut.objects.blockStep?.[ia]).toBe(to - from);
    expect(cut.objects.blockValue?.[ia]).toBe(48);
    const ib = find(b);
    if (ib !== undefined && o.blockStep![b]! > to) expect(cut.objects.blockFate?.[ib]).toBe(BlockFate.unknown);
  });
});
