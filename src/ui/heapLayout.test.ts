import { describe, expect, it } from 'vitest';
import { A, B, D, L, NONE, nodesTrace } from '../../tests/fixtures/heapTrace';
import { heapScene } from '../trace/heap';
import { heapPlaces } from '../trace/heapPlace';
import { displayFrames, layoutHeap, METRICS, type Rect } from './heapLayout';

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
/** The end point of an SVG path (its last coordinate pair). */
const endOf = (d: string) => d.trim().split(/[\s,MCQL]+/).filter(Boolean).slice(-2).map(Number) as [number, number];

describe('heap layout', () => {
  it('puts globals above the function frames and boxes right of the frames, none overlapping, at any width', () => {
    const t = nodesTrace();
    const scene = heapScene(t, 3);
    expect(displayFrames(scene).map((i) => scene.frames[i]?.function)).toEqual(['<globals>', '__init__']);
    for (const width of [300, 600, 1200]) {
      const geo = layoutHeap(scene, heapPlaces(t), width);
      const rects = [...geo.boxes.values()];
      expect(rects).toHaveLength(scene.boxes.length);
      for (const r of rects) expect(r.x).toBeGreaterThan(METRICS.frameWidth);
      for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlaps(rects[i]!, rects[j]!)).toBe(false);
      expect(geo.frames[0]!.rect.y).toBeLessThan(geo.frames[1]!.rect.y);
    }
  });

  it('draws one arrow per name reaching a drawn box and per reference, from the holder’s address', () => {
    const t = nodesTrace();
    const scene = heapScene(t, 6);
    const geo = layoutHeap(scene, heapPlaces(t), 800);
    expect(geo.arrows.filter((a) => a.from.startsWith('name:')).map((a) => a.from)).toEqual(['name:a', 'name:b', 'name:L', 'name:d']);
    expect(geo.arrows.filter((a) => a.label === '.nxt').map((a) => a.from).sort()).toEqual([String(t.objects.address[0]), String(t.objects.address[1])].sort());
  });

  it('puts each object one column right of its nearest holder, and three columns fit beside the frames in 600 px', () => {
    const t = nodesTrace();
    const geo = layoutHeap(heapScene(t, 6), heapPlaces(t), 600);
    const x = (o: number) => geo.boxes.get(o)!.x;
    // b, L and d nothing holds; a is held by all three; None by a.
    expect(x(B)).toBe(x(L));
    expect(x(D)).toBe(x(L));
    expect(x(A)).toBeGreaterThan(x(L) + geo.boxes.get(L)!.w);
    expect(x(NONE)).toBeGreaterThan(x(A) + geo.boxes.get(A)!.w);
    expect(x(NONE) + geo.boxes.get(NONE)!.w).toBeLessThanOrEqual(600);
  });

  it('starts name arrows at the name’s row, ends arrows on the target’s nearest side, and labels them clear of each other near the holder', () => {
    const t = nodesTrace();
    const scene = heapScene(t, 6);
    const geo = layoutHeap(scene, heapPlaces(t), 600);
    const rowY = new Map<string, number>(geo.frames.flatMap((f) => f.rows.map((r) => [`name:${r.name}`, r.y] as const)));
    for (const a of geo.arrows.filter((a) => a.from.startsWith('name:'))) expect(a.sy).toBe(rowY.get(a.from));
    const holderOf = new Map(scene.boxes.map((b) => [String(b.address), b.obj]));
    const labelled = geo.arrows.filter((a) => a.label);
    expect(labelled).toHaveLength(4);
    for (const a of labelled) {
      const h = geo.boxes.get(holderOf.get(a.from)!)!;
      const to = geo.boxes.get(a.to)!;
      // Every reference here points to the next column: from the holder's right side to the target's left side.
      expect(a.sx).toBe(h.x + h.w);
      expect(endOf(a.d)[0]).toBe(to.x);
      expect(endOf(a.d)[1]).toBeGreaterThanOrEqual(to.y);
      expect(endOf(a.d)[1]).toBeLessThanOrEqual(to.y + to.h);
      // The label sits just past the holder's side, before the target's.
      expect(a.lx).toBeGreaterThanOrEqual(h.x + h.w);
      expect(a.lx).toBeLessThan(to.x);
    }
    const halo = (a: (typeof labelled)[number]): Rect => ({ x: a.lx, y: a.ly - 10, w: a.lw, h: 12 });
    for (let i = 0; i < labelled.length; i++) for (let j = i + 1; j < labelled.length; j++) expect(overlaps(halo(labelled[i]!), halo(labelled[j]!))).toBe(false);
  });

  it('routes a reference within a column round the side when a box sits between, straight when none does', () => {
    const t = nodesTrace();
    // One column, a above L above b: b.nxt → a passes L when L is drawn, else nothing.
    const scene = heapScene(t, 6);
    const only = { ...scene, boxes: scene.boxes.filter((b) => b.obj === A || b.obj === B), arrows: scene.arrows.filter((a) => a.holder === B) };
    const places = { column: new Int32Array([0, 0, 0, 0, 0]), row: new Int32Array([0, 2, 1, 3, 4]), columns: 1 };
    const straight = layoutHeap(only, places, 600).arrows.find((a) => a.label === '.nxt')!;
    const a = layoutHeap(only, places, 600).boxes.get(A)!;
    expect(endOf(straight.d)[1]).toBe(a.y + a.h);
    const withL = { ...scene, boxes: scene.boxes.filter((b) => b.obj === A || b.obj === B || b.obj === L), arrows: only.arrows };
    const geo = layoutHeap(withL, places, 600);
    const round = geo.arrows.find((a) => a.label === '.nxt')!;
    const ra = geo.boxes.get(A)!;
    expect(endOf(round.d)).toEqual([ra.x + ra.w, expect.any(Number)]);
  });

  it('gives arrows that pass a column along the same gap tracks of their own, behind no box', () => {
    const t = nodesTrace();
    const scene = heapScene(t, 6);
    // a, b and None far right; L and d on the left: a and L[0] pass column 1 along the top gap,
    // b and d['first'] along a lower one.
    const places = { column: new Int32Array([2, 2, 0, 0, 2]), row: new Int32Array([0, 1, 0, 1, 2]), columns: 3 };
    const geo = layoutHeap(scene, places, 900);
    const runs = geo.arrows.flatMap((a) => {
      const m = /([\d.]+),([\d.]+) L([\d.]+),([\d.]+)/.exec(a.d);
      return m ? [{ from: a.from, x1: Number(m[1]), x2: Number(m[3]), y: Number(m[2]) }] : [];
    });
    expect(runs.map((r) => r.from).sort()).toEqual(['name:a', 'name:b', String(t.objects.address[L]), String(t.objects.address[D])].sort());
    for (let i = 0; i < runs.length; i++)
      for (let j = i + 1; j < runs.length; j++) expect(Math.abs(runs[i]!.y - runs[j]!.y)).toBeGreaterThanOrEqual(3);
    for (const r of runs)
      for (const box of geo.boxes.values())
        if (box.x < r.x2 && r.x1 < box.x + box.w) expect(r.y < box.y || r.y > box.y + box.h, `${r.from} behind a box`).toBe(true);
  });
});
