import { describe, expect, it } from 'vitest';
import { A, B, D, L, NONE, nodesTrace as nodes, withRefs } from '../../tests/fixtures/heapTrace';
import { accountRefcount, freedBy, heapScene, referencesAfter, referrersAt } from './heap';
import { referencesLiveAt } from './heapIndex';
import { heapSlots } from './heapPlace';
import { StepEvent } from './types';

describe('heap scene', () => {
  it('draws the globals, the objects they reach and the labelled references between them', () => {
    const t = nodes();
    const s = heapScene(t, 6);
    expect(s.frames.map((f) => f.function)).toEqual(['<globals>']);
    expect(s.frames[0]?.names.map((n) => `${n.name}→${n.obj}`)).toEqual(['a→0', 'b→1', 'L→2', 'd→3']);
    expect(s.boxes.map((b) => b.obj).sort()).toEqual([A, B, L, D, NONE]);
    expect(s.arrows.map((a) => `${a.holder}${a.label}→${a.target}`).sort()).toEqual(["0.nxt→4", "1.nxt→0", "2[0]→0", "3['first']→0"]);
    const a = s.boxes.find((b) => b.obj === A);
    expect(a).toMatchObject({ type: 'Node', address: 0xa000, hex: '0x0000a000', refcount: 4, immortal: false });
    expect(s.boxes.find((b) => b.obj === NONE)?.immortal).toBe(true);
    expect(s.hidden).toBe(0);
  });

  it('shows a function frame with its locals while it is on the stack', () => {
    const s = heapScene(nodes(), 3);
    expect(s.frames.map((f) => f.function)).toEqual(['__init__', '<globals>']);
    expect(s.frames[0]?.names.map((n) => n.name)).toEqual(['self', 'nxt']);
  });

  it('drops what a del freed', () => {
    const s = heapScene(nodes(), 8);
    expect(s.boxes.map((b) => b.obj)).not.toContain(B);
    expect(s.arrows.some((a) => a.holder === B)).toBe(false);
  });

  it('draws at most `limit` boxes, the focused object and its neighbours first', () => {
    const t = nodes();
    const s = heapScene(t, 6, 2, D);
    expect(s.boxes.map((b) => b.obj).sort()).toEqual([A, D]);
    expect(s.hidden).toBe(3);
    expect(s.arrows.map((a) => a.label)).toEqual(["['first']"]);
  });

  it('keeps each box in one slot from step to step, and reuses a slot only once it is free', () => {
    const t = nodes();
    const slots = heapSlots(t);
    const at = (step: number) => new Map(heapScene(t, step).boxes.map((b) => [b.obj, b.slot]));
    for (let step = 1; step < 10; step++) for (const [o, slot] of at(step)) expect(slot).toBe(slots[o]);
    for (let step = 0; step < 10; step++) {
      const used = [...at(step).values()];
      expect(new Set(used).size).toBe(used.length);
    }
  });

  it('finds the live references through its checkpoints as a scan would, at every step', () => {
    const t = nodes();
    for (let step = 0; step < 10; step++) {
      const scan: number[] = [];
      for (let r = 0; r < 4; r++) {
        const to = t.references?.to[r] ?? -1;
        if ((t.references?.from[r] ?? 0) <= step && (to < 0 || to >= step)) scan.push(r);
      }
      expect(referencesLiveAt(t, step)).toEqual(scan);
    }
  });

  it('agrees with a scan at every step of a long trace, across checkpoints many steps apart', () => {
    const refs: Array<[number, string, number, number, number]> = [];
    // Deterministic pseudo-random intervals, some open to the end, some a single step.
    let x = 7;
    const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
    for (let i = 0; i < 400; i++) {
      const from = rnd(5000);
      const kind = rnd(3);
      refs.push([rnd(4), `[${i}]`, rnd(4), from, kind === 0 ? -1 : kind === 1 ? from : from + rnd(800)]);
    }
    const objects = [0, 1, 2, 3].map((i) => ({ address: 0x100 * (i + 1), type: 'list', born: 0, died: -1 }));
    const t = withRefs({ steps: Array.from({ length: 5000 }, (_, i) => ({ line: i + 1 })), objects }, refs);
    const r = t.references!;
    const scan = (step: number) => [...r.holder.keys()].filter((i) => r.from[i]! <= step && (r.to[i]! < 0 || r.to[i]! >= step));
    for (let step = 0; step < 5000; step += 7) expect(referencesLiveAt(t, step), `step ${step}`).toEqual(scan(step));
    expect(referencesLiveAt(t, -1)).toEqual([]);
  });

  it('lists the references live after a step with their labels, read at the next line event', () => {
    const t = nodes();
    // After step 1 (read at step 2, in a's __init__): only a.nxt has begun.
    expect(referencesAfter(t, 1).map((r) => r.ref)).toEqual([0]);
    expect(referencesAfter(t, 6)).toEqual([
      { ref: 0, holder: A, label: '.nxt', target: NONE },
      { ref: 1, holder: B, label: '.nxt', target: A },
      { ref: 2, holder: L, label: '[0]', target: A },
      { ref: 3, holder: D, label: "['first']", target: A },
    ]);
    // After `del b` (step 8) b's reference is gone.
    expect(referencesAfter(t, 8).map((r) => r.label)).toEqual(['.nxt', '[0]', "['first']"]);
  });

  it('draws names only when the trace has no references', () => {
    const t = nodes();
    delete t.references;
    expect(referencesLiveAt(t, 6)).toEqual([]);
    expect(referencesAfter(t, 6)).toEqual([]);
    const s = heapScene(t, 6);
    expect(s.hasReferences).toBe(false);
    expect(s.arrows).toEqual([]);
    expect(s.boxes.map((b) => b.obj).sort()).toEqual([A, B, L, D]);
  });
});

describe('refcount account and why alive', () => {
  it('accounts for every reference: a name, an attribute, a list item, a dict entry', () => {
    const acc = accountRefcount(nodes(), A, 6);
    expect(acc.refcount).toBe(4);
    expect(acc.referrers.map((r) => (r.kind === 'name' ? `name ${r.name}` : r.path))).toEqual(['name a', 'b.nxt', 'L[0]', "d['first']"]);
    expect(acc.rest).toBe(0);
    expect(acc.getrefcount).toBe(false);
  });

  it('notes getrefcount on its line and leaves the remainder to it', () => {
    const acc = accountRefcount(nodes(), A, 7);
    expect(acc.refcount).toBe(5);
    expect(acc.referrers).toHaveLength(4);
    expect(acc.rest).toBe(1);
    expect(acc.getrefcount).toBe(true);
  });

  it('leaves the count unknown before its first sample, with no rest', () => {
    // The list is sampled from step 5 on: after step 3 its count is not known yet.
    expect(accountRefcount(nodes(), L, 3)).toMatchObject({ refcount: null, rest: 0 });
  });

  it('counts a name only while it is bound', () => {
    const names = (step: number) => referrersAt(nodes(), B, step).flatMap((r) => (r.kind === 'name' ? [r.name] : []));
    expect(names(7)).toEqual(['b']);
    // `del b` is step 8's line.
    expect(names(8)).toEqual([]);
  });

  it('says immortal instead of counting', () => {
    const acc = accountRefcount(nodes(), NONE, 6);
    expect(acc.immortal).toBe(true);
    expect(acc.rest).toBe(0);
  });

  it('names the holder by its type and address when no name is bound to it', () => {
    const t = nodes();
    // After `del b`… had b's node lived on unnamed, its reference would read by address.
    const r = referrersAt(t, A, 7, []);
    expect(r.map((x) => (x.kind === 'ref' ? x.path : x.name))).toEqual(['Node@0x0000b000.nxt', 'list@0x0000c000[0]', "dict@0x0000d000['first']"]);
  });

  it("tells what freed an object on its lifetime's last step: the del", () => {
    const t = nodes();
    expect(freedBy(t, B, 6)).toBeNull();
    const f = freedBy(t, B, 7);
    expect(f).toEqual([{ referrer: { kind: 'name', name: 'b', frame: -1, function: '<globals>' }, to: 7, cause: 'del' }]);
  });

  it('tells a rebinding, a frame return and a freed holder apart', () => {
    // 0: x = [1]; 1: x = [2] (the first list freed); 2: f() called; 3: in f, y = [3]; 4: back (f returned, its list freed).
    const t = withRefs(
      {
        steps: [{ line: 1 }, { line: 2 }, { line: 3 }, { line: 5, func: 'f', depth: 1, event: StepEvent.call }, { line: 4, event: StepEvent.return }],
        frames: [
          { func: '<module>', depth: 0, enter: 0, exit: -1 },
          { func: 'f', depth: 1, enter: 3, exit: 3 },
        ],
        objects: [
          { address: 0x10, type: 'list', born: 0, died: 1 },
          { address: 0x20, type: 'list', born: 1, died: -1 },
          { address: 0x30, type: 'list', born: 3, died: 4 },
          { address: 0x40, type: 'int', born: 0, died: 1 },
        ],
        bindings: [
          { obj: 0, name: 'x', frame: -1, from: 0, to: 0 },
          { obj: 1, name: 'x', frame: -1, from: 1, to: -1 },
          { obj: 2, name: 'y', frame: 1, from: 3, to: 3 },
        ],
      },
      [[0, '[0]', 3, 0, 1]],
    );
    expect(freedBy(t, 0, 0)?.map((f) => f.cause)).toEqual(['rebind']);
    expect(freedBy(t, 2, 3)?.map((f) => f.cause)).toEqual(['return']);
    expect(freedBy(t, 3, 0)?.map((f) => f.cause)).toEqual(['holder-freed']);
  });
});
