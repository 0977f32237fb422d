/**
 * Object sizes and malloc chunk sizes against real CPython (Pyodide in Node).
 *
 * A variable-size object's length is set after CPython announces its creation
 * (design.md, Measured 11), so the recorder reads it at the next event; the chunk size
 * comes from dlmalloc's header in front of the block (docs/allocator.md).
 */
import { describe, expect, it } from 'vitest';
import { freshEngine, sharedSnapshot } from '../../tests/support/engines';
import { plainRun, printedIds } from '../../tests/support/plainRun';
import { exampleById } from '../examples';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { typeName } from '../trace/query';
import { ObjectFlag, type TraceData } from '../trace/types';

const SEED = `def test():
    ins = object()
    print(id(ins))

while True:
    test()
`;

/** Objects the run created (not those it only found). */
const created = (t: TraceData) => [...t.objects.address.keys()].filter((o) => ((t.objects.flags[o] ?? 0) & ObjectFlag.preexisting) === 0);

describe('object and chunk sizes', () => {
  it("gives every object of the seed's loop its real size, inside the chunk malloc reserved", async () => {
    const t = (await freshEngine()).run(SEED, { ...DEFAULT_LIMITS, maxSteps: 600 });
    const chunk = t.objects.chunk;
    expect(chunk).toBeDefined();
    const strs = created(t).filter((o) => typeName(t, o) === 'str');
    expect(strs.length).toBeGreaterThan(100);
    for (const o of created(t)) {
      const size = t.objects.size[o]!;
      const c = chunk![o]!;
      expect(size, `${typeName(t, o)} #${o}`).toBeGreaterThan(0);
      expect(size, `${typeName(t, o)} #${o}`).toBeLessThan(1024);
      // dlmalloc: 8-aligned chunks of at least 16 bytes, 4 of them the header.
      expect(c % 8, `${typeName(t, o)} #${o} chunk ${c}`).toBe(0);
      expect(c - 4, `${typeName(t, o)} #${o}: chunk ${c} holds size ${size}`).toBeGreaterThanOrEqual(size);
    }
    // design.md, Measured 8: an object() (8 bytes) sits in a 16-byte chunk.
    for (const o of created(t).filter((o) => typeName(t, o) === 'object')) expect(chunk![o]).toBe(16);

    // The strs are print's str(id(ins)): measure sys.getsizeof of each printed id's str untraced.
    const ids = printedIds(t.output.map((c) => c.text).join(''));
    expect(ids.length).toBeGreaterThan(100);
    const measured = await plainRun(`import sys\nfor i in ${JSON.stringify(ids)}: print(sys.getsizeof(str(i)))\n`, 0, await sharedSnapshot());
    const expected = measured.trim().split('\n').map(Number);
    expect(expected.length).toBe(ids.length);
    // One str per printed id, in order: the k-th str is the k-th id's text.
    expect(strs.map((o) => t.objects.size[o])).toEqual(expected.slice(0, strs.length));
  }, 120_000);

  it('reads lengths CPython sets after creation: strs, ints and bytes of many sizes', async () => {
    const source = `import sys
sizes = []
for n in (2, 9, 100, 1000):
    s = 'x' * n
    b = b'y' * n
    i = 7 ** n + 1000
    sizes.append((sys.getsizeof(s), sys.getsizeof(b), sys.getsizeof(i)))
    del s, b, i
print(sizes)
`;
    const t = (await freshEngine()).run(source, DEFAULT_LIMITS);
    expect(t.meta.status).toBe('completed');
    const measured = JSON.parse(
      (await plainRun(source, 0, await sharedSnapshot())).trim().replaceAll('(', '[').replaceAll(')', ']'),
    ) as number[][];
    const named = (name: string) =>
      created(t).filter((o) => {
        for (let k = 0; k < t.bindings.obj.length; k++) if (t.bindings.obj[k] === o && t.strings[t.bindings.name[k]!] === name) return true;
        return false;
      });
    for (const [column, name] of [[0, 's'], [1, 'b'], [2, 'i']] as const) {
      const objects = named(name);
      expect(objects.length, name).toBe(4);
      expect(objects.map((o) => t.objects.size[o]), name).toEqual(measured.map((row) => row[column]));
      for (const o of objects) expect(t.objects.chunk![o]! - 4).toBeGreaterThanOrEqual(t.objects.size[o]!);
    }
  }, 120_000);

  it("explains the Son example's ids: a Son keeps the freed block exactly when its chunk is the same size", async () => {
    // What the example's explanation says (src/examples/examples.ts, seed-finalizer).
    const code = exampleById('seed-finalizer')!.code;
    const t = (await freshEngine()).run(code, { ...DEFAULT_LIMITS, maxSteps: 1500 });
    const sons = created(t).filter((o) => typeName(t, o) === 'Son');
    expect(sons.length).toBeGreaterThan(60);
    const ids = sons.map((o) => t.objects.address[o]!);
    const chunks = sons.map((o) => t.objects.chunk![o]!);
    // A, A, B, C, C: the first five ids.
    const [a, a2, b, c, c2] = ids;
    expect([a2, c2]).toEqual([a, c]);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(chunks.slice(0, 5)).toEqual([184, 184, 176, 168, 168]);
    for (let k = 1; k < sons.length; k++) {
      expect(chunks[k]!, `Son ${k}`).toBeLessThanOrEqual(chunks[k - 1]!);
      expect(ids[k] === ids[k - 1], `Son ${k}: same block iff same chunk size`).toBe(chunks[k] === chunks[k - 1]);
    }
    // It settles at 40 bytes, and from then on every Son has the same id.
    expect(chunks[sons.length - 1]).toBe(40);
    const settled = chunks.indexOf(40);
    expect(settled).toBeGreaterThan(20);
    expect(settled).toBeLessThan(40);
    expect(new Set(ids.slice(settled)).size).toBe(1);
  }, 120_000);
});
