/**
 * Object → object references recorded against real CPython (Pyodide in Node), read through
 * the heap view's model (trace/heap): at chosen steps the live references are exactly the
 * expected ones, and every object they touch has its refcount explained (names + references
 * + the stated rest = ob_refcnt).
 *
 * Steps are picked at "checkpoint" lines (`cp1 = 0`: binding an immortal int changes no
 * count) and read as the heap view reads the step before: the state once the lines before
 * the checkpoint have run, which is what the bindings, the refcount samples and the
 * references at the checkpoint's own line event describe.
 */
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { accountRefcount, heapFrames, referencesAfter, type HeapArrow } from '../trace/heap';
import { typeName } from '../trace/query';
import type { TraceData } from '../trace/types';
import { REFERENCE_LIMITS } from './references';

async function trace(source: string): Promise<TraceData> {
  const engine = await freshEngine();
  const t = engine.run(source, DEFAULT_LIMITS);
  expect(t.meta.error).toBeNull();
  return t;
}

/** First step of the line that contains `text` (a checkpoint's name). */
function stepOf(t: TraceData, text: string): number {
  const line = t.meta.source.split('\n').findIndex((l) => l.includes(text)) + 1;
  const step = t.steps.line.indexOf(line);
  expect(step, `a step on line ${line} (${text})`).toBeGreaterThanOrEqual(0);
  return step;
}

/** The heap view's step for the state the line containing `text` starts from: after the step before it. */
function before(t: TraceData, text: string): number {
  return stepOf(t, text) - 1;
}

/** The names bound once line `step` has run, per object (all frames, innermost first). */
function namesAfter(t: TraceData, step: number): Map<number, string[]> {
  const names = new Map<number, string[]>();
  for (const f of heapFrames(t, step)) for (const n of f.names) names.set(n.obj, [...(names.get(n.obj) ?? []), n.name]);
  return names;
}

/**
 * Objects described the way a reader finds them: by a name bound at the step, or by the
 * path from a named object (`outer[1]`), or by the value preview of an immortal constant.
 */
function describer(t: TraceData, step: number, refs: HeapArrow[]): (o: number) => string {
  const memo = new Map<number, string>();
  const bound = namesAfter(t, step);
  const by = new Map<number, HeapArrow[]>();
  for (const r of refs) by.set(r.target, [...(by.get(r.target) ?? []), r]);
  const describe = (o: number, seen: Set<number>): string => {
    const known = memo.get(o);
    if (known) return known;
    const names = [...(bound.get(o) ?? [])].sort();
    let text: string;
    const preview = t.objects.preview?.[o];
    if (names.length > 0 && !(preview && (t.objects.flags[o] ?? 0) & 2)) text = names[0]!;
    else if (preview && (t.objects.flags[o] ?? 0) & 2) text = preview;
    else {
      const paths = (by.get(o) ?? [])
        .filter((r) => !seen.has(r.holder))
        .map((r) => describe(r.holder, new Set([...seen, o])) + (r.label.startsWith('key#') ? `{${r.label}}` : r.label))
        .sort();
      text = paths[0] ?? `${typeName(t, o)}?`;
    }
    memo.set(o, text);
    return text;
  };
  return (o) => describe(o, new Set());
}

/** The live references once line `step` has run as "holder label -> target" lines, sorted. */
function edges(t: TraceData, step: number): string[] {
  const refs = referencesAfter(t, step);
  const d = describer(t, step, refs);
  return refs.map((r) => `${d(r.holder)} ${r.label || '∈'} -> ${d(r.target)}`).sort();
}

/**
 * For every object a reference at `step` touches: the rest of its count after names and
 * references, by description; immortal objects left out.
 */
function rests(t: TraceData, step: number): Record<string, number> {
  const refs = referencesAfter(t, step);
  const d = describer(t, step, refs);
  const out: Record<string, number> = {};
  const objects = new Set(refs.flatMap((r) => [r.holder, r.target]));
  for (const o of objects) {
    const a = accountRefcount(t, o, step);
    if (a.immortal) continue;
    expect(a.refcount, `a refcount sample for ${d(o)}`).not.toBeNull();
    const names = a.referrers.filter((r) => r.kind === 'name').length;
    const held = a.referrers.filter((r) => r.kind === 'ref').length;
    expect(held, `references to ${d(o)}`).toBe(refs.filter((r) => r.target === o).length);
    expect(names + held + a.rest).toBe(a.refcount);
    out[d(o)] = a.rest;
  }
  return out;
}

describe('recorded references', () => {
  it('follows linked nodes through instance attributes (inline values)', async () => {
    const t = await trace(`class Node:
    def __init__(self, v, nxt=None):
        self.v = v
        self.nxt = nxt

c = Node([3])
b = Node([2], c)
a = Node([1], b)
cp1 = 0
del b, c
cp2 = 0
a.nxt = None
cp3 = 0
`);
    const s1 = before(t, 'cp1');
    expect(edges(t, s1)).toEqual([
      'a .nxt -> b',
      'a .v -> a.v',
      'a.v [0] -> 1',
      'b .nxt -> c',
      'b .v -> b.v',
      'b.v [0] -> 2',
      'c .nxt -> None',
      'c .v -> c.v',
      'c.v [0] -> 3',
    ]);
    // b: the name and a.nxt. Nothing else holds anything.
    expect(rests(t, s1)).toEqual({ a: 0, b: 0, c: 0, 'a.v': 0, 'b.v': 0, 'c.v': 0 });
    const s2 = before(t, 'cp2');
    expect(edges(t, s2)).toEqual([
      'a .nxt -> a.nxt',
      'a .v -> a.v',
      'a.nxt .nxt -> a.nxt.nxt',
      'a.nxt .v -> a.nxt.v',
      'a.nxt.nxt .nxt -> None',
      'a.nxt.nxt .v -> a.nxt.nxt.v',
      'a.nxt.nxt.v [0] -> 3',
      'a.nxt.v [0] -> 2',
      'a.v [0] -> 1',
    ]);
    expect(Object.values(rests(t, s2)).every((r) => r === 0)).toBe(true);
    // Cutting the chain frees the rest: its references end the step before, its objects die.
    const s3 = before(t, 'cp3');
    expect(edges(t, s3)).toEqual(['a .nxt -> None', 'a .v -> a.v', 'a.v [0] -> 1']);
  });

  it('follows nested lists, with a list held twice', async () => {
    const t = await trace(`inner = [1, 2]
outer = [inner, [inner, 'a']]
cp1 = 0
del inner
cp2 = 0
`);
    expect(edges(t, before(t, 'cp1'))).toEqual([
      'inner [0] -> 1',
      'inner [1] -> 2',
      'outer [0] -> inner',
      'outer [1] -> outer[1]',
      "outer[1] [0] -> inner",
      "outer[1] [1] -> 'a'",
    ]);
    // inner: its name, outer[0] and outer[1][0].
    expect(rests(t, before(t, 'cp1'))).toEqual({ inner: 0, outer: 0, 'outer[1]': 0 });
    const s2 = before(t, 'cp2');
    expect(edges(t, s2)).toContain('outer [0] -> outer[0]');
    expect(edges(t, s2)).toContain('outer[1] [0] -> outer[0]');
    expect(rests(t, s2)).toEqual({ outer: 0, 'outer[0]': 0, 'outer[1]': 0 });
  });

  it("labels dict entries by str key, int key and key#N, with the key object as its own target", async () => {
    const t = await trace(`v = [0]
k = tuple([9, 'k'])
d = {'s': v, 7: v, k: v}
e = {'only': v}
st = frozenset([k])
del k
cp1 = 0
`);
    const s = before(t, 'cp1');
    expect(edges(t, s)).toEqual([
      "d ['s'] -> v",
      'd [7] -> v',
      'd [key#2] -> v',
      'd key#2 -> d{key#2}',
      'd{key#2} [0] -> 9',
      "d{key#2} [1] -> 'k'",
      "e ['only'] -> v",
      'st ∈ -> d{key#2}',
      'v [0] -> 0',
    ]);
    // v: its name, three entries of d, one of e; the key: d's key and the set's member.
    expect(rests(t, s)).toEqual({ d: 0, e: 0, st: 0, v: 0, 'd{key#2}': 0 });
    expect(accountRefcount(t, namedObject(t, 'v', s), s).refcount).toBe(5);
  });

  it('reads instances with and without __slots__, and a materialized __dict__ once', async () => {
    const t = await trace(`class Plain:
    pass

class Slotted:
    __slots__ = ('left', 'right')

class Sub(Slotted):
    __slots__ = ('extra',)

p = Plain()
p.item = [1]
s = Sub()
s.left = p
s.right = p.item
s.extra = []
cp1 = 0
attrs = vars(p)
cp2 = 0
`);
    const s1 = before(t, 'cp1');
    expect(edges(t, s1)).toEqual([
      'p .item -> p.item',
      'p.item [0] -> 1',
      's .extra -> s.extra',
      's .left -> p',
      's .right -> p.item',
    ]);
    expect(rests(t, s1)).toEqual({ p: 0, 'p.item': 0, s: 0, 's.extra': 0 });
    // vars(p) makes the __dict__ object over p's inline values: p holds it, and the
    // values are still held once, by p.
    const s2 = before(t, 'cp2');
    expect(edges(t, s2)).toEqual([...edges(t, s1), 'p .__dict__ -> attrs'].sort());
    expect(rests(t, s2)).toEqual({ attrs: 0, p: 0, 'p.item': 0, s: 0, 's.extra': 0 });
  });

  it("follows a function's closure to its cell and the cell's contents", async () => {
    const t = await trace(`def make():
    box = [0]
    def bump():
        box[0] += 1
        return box[0]
    return bump

f = make()
f()
cp1 = 0
`);
    const s = before(t, 'cp1');
    expect(edges(t, s)).toEqual([
      'f .__closure__[0] -> f.__closure__[0]',
      'f.__closure__[0] .cell_contents -> f.__closure__[0].cell_contents',
      'f.__closure__[0].cell_contents [0] -> 1',
    ]);
    expect(rests(t, s)).toEqual({ f: 0, 'f.__closure__[0]': 0, 'f.__closure__[0].cell_contents': 0 });
  });

  it('records a cycle until the names go, and the collector frees it', async () => {
    const t = await trace(`import gc

class Node:
    pass

a = Node()
b = Node()
a.other = b
b.other = a
cp1 = 0
del a, b
gc.collect()
cp2 = 0
`);
    const s1 = before(t, 'cp1');
    expect(edges(t, s1)).toEqual(['a .other -> b', 'b .other -> a']);
    expect(rests(t, s1)).toEqual({ a: 0, b: 0 });
    const gcStep = stepOf(t, 'gc.collect()');
    expect(referencesAfter(t, gcStep - 1)).toEqual([]);
    // The references end when the names go (the walk starts from names); the objects
    // live on, unreachable, until the collection.
    const r = t.references!;
    const rows = [...r.holder.keys()].filter((i) => t.strings[r.label[i] ?? 0] === '.other');
    expect(rows).toHaveLength(2);
    for (const i of rows) {
      expect(r.to[i]).toBe(gcStep - 1);
      expect(t.objects.died[r.holder[i] ?? 0]).toBe(gcStep);
    }
  });

  it('closes references on del and rebinding, and follows what a frame holds', async () => {
    const t = await trace(`t = [1]
u = t
L = [t]
cp1 = 0
del u
t = [2]
cp2 = 0
def f(x):
    y = [x]
    return y

f(L)
cp3 = 0
`);
    const s1 = before(t, 'cp1');
    expect(edges(t, s1)).toEqual(['L [0] -> t', 't [0] -> 1']);
    expect(rests(t, s1)).toEqual({ L: 0, t: 0 });
    const s2 = before(t, 'cp2');
    expect(edges(t, s2)).toEqual(['L [0] -> L[0]', 'L[0] [0] -> 1', 't [0] -> 2']);
    expect(rests(t, s2)).toEqual({ L: 0, 'L[0]': 0, t: 0 });
    // Inside f, at `return y`: y holds the argument, which the caller's L also holds.
    const inF = before(t, 'return y');
    expect(edges(t, inF)).toContain('y [0] -> L');
    const names = accountRefcount(t, namedObject(t, 'L', inF), inF).referrers.flatMap((r) => (r.kind === 'name' ? [r.name] : []));
    expect(names.sort()).toEqual(['L', 'x']);
    expect(rests(t, inF)['L']).toBe(0);
    // After the return, y's list is gone and so is its reference.
    expect(edges(t, before(t, 'cp3')).some((e) => e.startsWith('y '))).toBe(false);
  });

  it('stops a long chain at the depth limit', async () => {
    const t = await trace(`class N:
    pass

head = N()
node = head
for i in range(10):
    node.nxt = N()
    node = node.nxt
del node, i
cp1 = 0
`);
    const s = before(t, 'cp1');
    expect(edges(t, s)).toEqual([
      'head .nxt -> head.nxt',
      'head.nxt .nxt -> head.nxt.nxt',
      'head.nxt.nxt .nxt -> head.nxt.nxt.nxt',
      'head.nxt.nxt.nxt .nxt -> head.nxt.nxt.nxt.nxt',
    ].slice(0, REFERENCE_LIMITS.depth));
    // The last node reached is counted but not walked (its .nxt is not recorded).
    expect(rests(t, s)['head.nxt.nxt.nxt.nxt']).toBe(0);
  });

  it('stops a big list at the object limit', async () => {
    const t = await trace(`big = list(range(1000, 1600))
cp1 = 0
`);
    const refs = referencesAfter(t, before(t, 'cp1'));
    expect(refs).toHaveLength(REFERENCE_LIMITS.objects);
    expect(refs.map((r) => r.label)).toEqual(Array.from({ length: REFERENCE_LIMITS.objects }, (_, k) => `[${k}]`));
  });
});

/** The object bound to `name` once line `step` has run (innermost frame first). */
function namedObject(t: TraceData, name: string, step: number): number {
  for (const f of heapFrames(t, step)) for (const n of f.names) if (n.name === name) return n.obj;
  throw new Error(`no ${name} after step ${step}`);
}
