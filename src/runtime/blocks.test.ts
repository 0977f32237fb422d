/**
 * Where freed blocks go, against real CPython (Pyodide in Node): runtime/blocks.ts reads
 * dlmalloc's chunk headers after each destruction; trace/blocks.ts tells it (docs/allocator.md).
 */
import { describe, expect, it } from 'vitest';
import { freshEngine } from '../../tests/support/engines';
import { exampleById } from '../examples';
import { en } from '../i18n/en';
import { DEFAULT_LIMITS } from '../protocol/messages';
import { blockNextText, freeListSource, freeListText, whyNot } from '../trace/blocks';
import { laneHistory } from '../trace/laneHistory';
import { zhCN } from '../i18n/zh-CN';
import { narrateStep, narrationText } from '../trace/narrate';
import { namesOf, typeName } from '../trace/query';
import { exitAt, lifetimeLabel as lifetime } from '../trace/lifetimes';
import { BlockFate, type TraceData } from '../trace/types';

const run = async (source: string, maxSteps = 200): Promise<TraceData> => (await freshEngine()).run(source, { ...DEFAULT_LIMITS, maxSteps });
/** The object bound to `name` (its first lifetime with that name). */
const named = (t: TraceData, name: string, nth = 0): number => [...t.objects.address.keys()].filter((o) => namesOf(t, o).includes(name))[nth] ?? -1;
const fate = (t: TraceData, o: number) => ({ fate: t.objects.blockFate?.[o], value: t.objects.blockValue?.[o], step: t.objects.blockStep?.[o] });
const stepOfLine = (t: TraceData, line: number): number => t.steps.line.indexOf(line);

describe('where freed blocks go', () => {
  it("follows the seed loop's object() blocks to the next object() at the same address", async () => {
    const t = await run(exampleById('seed-loop')!.code, 120);
    const objs = [...t.objects.address.keys()].filter((o) => typeName(t, o) === 'object' && (t.objects.died[o] ?? -1) >= 0);
    expect(objs.length).toBeGreaterThan(5);
    for (const o of objs) {
      // The next lifetime at the same address, if any.
      const next = [...t.objects.address.keys()].find((x) => x > o && t.objects.address[x] === t.objects.address[o]);
      if (next === undefined) continue;
      expect(fate(t, o), `object #${o}`).toEqual({ fate: BlockFate.object, value: next, step: t.objects.born[next] });
      expect(typeName(t, next)).toBe('object');
    }
  }, 120_000);

  it('sees a non-object allocation take a freed str block (a bytearray buffer)', async () => {
    const t = await run(`n = 200\ns = 'x' * n\ndel s\nb = bytearray(220)\n`);
    const s = named(t, 's');
    const chunk = t.objects.chunk?.[s] ?? 0;
    expect(chunk).toBeGreaterThan(221);
    const f = fate(t, s);
    expect(f.fate).toBe(BlockFate.allocation);
    // bytearray(220) asks malloc for 221 bytes; dlmalloc may hand out a chunk up to 8 bytes larger.
    expect(f.value).toBe(chunk);
    expect(f.value! - 4).toBeGreaterThanOrEqual(221);
    expect(f.step).toBe(stepOfLine(t, 4));
    // No object was ever created at the str's address afterwards.
    expect([...t.objects.address.keys()].filter((o) => o !== s && t.objects.address[o] === t.objects.address[s])).toEqual([]);
    expect(blockNextText(t, s, en.narration.block)).toMatch(/^its block \(0x[0-9a-f]{8}, \d+ B\) went to a non-object allocation of \d+ B at line 4, step \d+$/);
  }, 120_000);

  it('sees freed blocks merged with free neighbours into larger chunks', async () => {
    const t = await run(`n = 20000\ns1 = 'a' * n\ns2 = 'b' * n\ns3 = 'c' * n\ndel s2\ndel s1\n`);
    for (const name of ['s1', 's2']) {
      const o = named(t, name);
      const f = fate(t, o);
      expect(f.fate, name).toBe(BlockFate.merged);
      expect(f.value! % 8, name).toBe(0);
      expect(f.value!, name).toBeGreaterThan(t.objects.chunk?.[o] ?? 0);
      expect(f.step, name).toBeGreaterThanOrEqual(t.objects.died[o]!);
    }
    // s3 lives to the last line and goes as Python exits, with the module's globals.
    expect(exitAt(t, t.objects.died[named(t, 's3')] ?? -1)).toBe('exit');
  }, 120_000);

  it("keeps floats on float's own free list: the next float gets the block, an unused one stays kept", async () => {
    // The loop keeps the run from Python's exit, whose full collection empties the free lists.
    const t = await run(`x = 2.0\nf = x * 3\ndel f\ng = x * 5\nh = x * 7\ndel h\nwhile True:\n    pass\n`, 40);
    expect(t.meta.status).toBe('step-limit');
    const [f, g, h] = [named(t, 'f'), named(t, 'g'), named(t, 'h')];
    expect(fate(t, f)).toEqual({ fate: BlockFate.freeList, value: g, step: t.objects.born[g] });
    expect(t.objects.address[g]).toBe(t.objects.address[f]);
    expect(fate(t, h).fate).toBe(BlockFate.kept);
    expect(blockNextText(t, h, en.narration.block)).toMatch(/stayed on float's own free list/);
  }, 120_000);

  it("marks a block taken off the type's free list, read from the headers: float and tuple yes, object() no", async () => {
    const t = await run(`x = 2.0\nf = x * 3\ndel f\ng = x * 5\nn = 7\nu = (n, x)\ndel u\nv = (x, n)\no1 = object()\ndel o1\no2 = object()\n`);
    const [f, g, u, v, o1, o2] = ['f', 'g', 'u', 'v', 'o1', 'o2'].map((name) => named(t, name)) as [number, number, number, number, number, number];
    // float: the dead float's chunk stayed in use until the next float took it.
    expect(fate(t, f)).toEqual({ fate: BlockFate.freeList, value: g, step: t.objects.born[g] });
    expect(freeListSource(t, g)).toBe(f);
    const line = (o: number) => t.steps.line[t.objects.born[o]!];
    expect(blockNextText(t, f, en.narration.block)).toBe(
      `its block (0x${t.objects.address[f]!.toString(16).padStart(8, '0')}, ${t.objects.chunk?.[f]} B) stayed on float's free list and went to ${lifetime(t, g)} at line ${line(g)}, step ${t.objects.born[g]}`,
    );
    expect(freeListText(t, g, en.narration.block)).toBe(`came from float's free list (not from malloc): ${lifetime(t, f)}'s block`);
    expect(freeListText(t, g, zhCN.narration.block)).toMatch(/^来自 float 的空闲列表（不是来自 malloc）/);
    // A 2-tuple: tuple keeps one free list per length.
    expect(fate(t, u)).toEqual({ fate: BlockFate.freeList, value: v, step: t.objects.born[v] });
    expect(t.objects.address[v]).toBe(t.objects.address[u]);
    expect(freeListSource(t, v)).toBe(u);
    // object() has no free list: its block went back to malloc (seen free) before the next object() took it.
    expect(fate(t, o1)).toEqual({ fate: BlockFate.object, value: o2, step: t.objects.born[o2] });
    expect(freeListSource(t, o2)).toBe(-1);
    expect(freeListText(t, o2, en.narration.block)).toBeNull();
    // The block history of the float's address says it too.
    const history = laneHistory(t, t.objects.address[g]!);
    expect(history.find((e) => e.kind === 'occupant' && e.obj === g)).toMatchObject({ fromFreeList: 'float' });
    expect(history.find((e) => e.kind === 'occupant' && e.obj === f)).toMatchObject({ fromFreeList: null });
    expect(history.find((e) => e.kind === 'block')).toMatchObject({ next: { kind: 'object', freeList: 'float' } });
  }, 120_000);

  it("explains the Son example's A, A, B: the third Son asks for a smaller block than the one the second left", async () => {
    const t = await run(exampleById('seed-finalizer')!.code, 40);
    const sons = [...t.objects.address.keys()].filter((o) => typeName(t, o) === 'Son');
    const [s1, s2, s3] = sons as [number, number, number];
    expect(t.objects.address[s2]).toBe(t.objects.address[s1]);
    expect(t.objects.address[s3]).not.toBe(t.objects.address[s2]);
    // Son #1's block went to Son #2; Son #2's was not taken by any object before Son #3.
    expect(fate(t, s1)).toEqual({ fate: BlockFate.object, value: s2, step: t.objects.born[s2] });
    expect(fate(t, s2).fate).not.toBe(BlockFate.unknown);
    expect(fate(t, s2).fate === BlockFate.object && (fate(t, s2).value ?? 0) < s3).toBe(false);
    const w = whyNot(t, s3);
    expect(w?.previous).toBe(s2);
    expect(w?.chunk).toBe(t.objects.chunk?.[s2]);
    expect(w?.reason).toEqual({ kind: 'sizes', need: t.objects.chunk?.[s3] });
    expect(t.objects.chunk?.[s3]).toBeLessThan(t.objects.chunk?.[s2] ?? 0);
    // Son #2 got Son #1's block: nothing to explain there.
    expect(whyNot(t, s2)).toBeNull();
    const text = narrationText(narrateStep(t, t.objects.born[s3]!), en.narration);
    expect(text).toContain(`it did not get Son #2's block (${'0x' + (t.objects.address[s2] ?? 0).toString(16).padStart(8, '0')}, ${t.objects.chunk?.[s2]} B): this one asks malloc for ${t.objects.chunk?.[s3]} B`);
  }, 120_000);
});
