import { describe, expect, it } from 'vitest';
import { makeTrace, seedLoopTrace, sonTrace, SEED_ADDRESS, SON_ADDRESS } from '../../tests/fixtures/makeTrace';
import { ObjectFlag } from '../trace/types';
import { hexAddress, typeName } from '../trace/query';
import { lifetimeLabel } from '../trace/lifetimes';
import { firstInLane, LaneGroup, layoutTimeline } from './layout';
import { barGeometry, fitViewport, hitTest, OUTPUT_STRIP, ROW_HEIGHT, BAR_TOP } from './viewport';

function lanesOf(layout: ReturnType<typeof layoutTimeline>) {
  const t = layout.trace;
  return Array.from({ length: layout.laneCount }, (_, l) => {
    const objs = Array.from(layout.laneObjects.subarray(layout.laneStart[l], layout.laneStart[l + 1]));
    return {
      address: hexAddress(layout.laneAddress[l] ?? 0),
      group: (['run', 'preexisting', 'immortal'] as const)[layout.laneGroup[l] ?? 0],
      row: layout.laneRow[l],
      lifetimes: objs.map((o) => `${lifetimeLabel(t, o)} [${layout.objStart[o]},${layout.objEnd[o]})${(layout.objPrev[o] ?? -1) >= 0 ? ` reuses ${lifetimeLabel(t, layout.objPrev[o] ?? 0)}` : ''}`),
    };
  });
}

describe('layoutTimeline', () => {
  it('puts every object() of the seed loop in one lane, each reusing the previous one', () => {
    const t = seedLoopTrace(4);
    const layout = layoutTimeline(t);
    const lane = layout.objLane[2] ?? -1;
    expect(layout.laneAddress[lane]).toBe(SEED_ADDRESS);
    const objs = Array.from(layout.laneObjects.subarray(layout.laneStart[lane], layout.laneStart[lane + 1]));
    expect(objs.map((o) => typeName(t, o))).toEqual(['object', 'object', 'object', 'object']);
    expect(objs.map((o) => layout.objPrev[o])).toEqual([-1, objs[0], objs[1], objs[2]]);
    expect(objs.map((o) => layout.objNext[o])).toEqual([objs[1], objs[2], objs[3], -1]);
    expect(layout.reuseCount).toBe(3);
  });

  it('hides unnamed temporaries unless showAll, and groups pre-existing lanes apart', () => {
    const t = seedLoopTrace(3);
    expect(lanesOf(layoutTimeline(t))).toMatchInlineSnapshot(`
      [
        {
          "address": "0x00a1b2c0",
          "group": "run",
          "lifetimes": [
            "object #1 [3,5)",
            "object #2 [7,9) reuses object #1",
            "object #3 [11,13) reuses object #2",
          ],
          "row": 1,
        },
        {
          "address": "0x00401000",
          "group": "run",
          "lifetimes": [
            "function #1 [0,14)",
          ],
          "row": 2,
        },
      ]
    `);
    const all = layoutTimeline(t, { sort: 'address', showAll: true });
    expect(lanesOf(all)).toMatchInlineSnapshot(`
      [
        {
          "address": "0x00401000",
          "group": "run",
          "lifetimes": [
            "function #1 [0,14)",
          ],
          "row": 1,
        },
        {
          "address": "0x00a1b2c0",
          "group": "run",
          "lifetimes": [
            "object #1 [3,5)",
            "object #2 [7,9) reuses object #1",
            "object #3 [11,13) reuses object #2",
          ],
          "row": 2,
        },
        {
          "address": "0x00b00010",
          "group": "run",
          "lifetimes": [
            "int #1 [4,5)",
            "int #3 [12,13) reuses int #1",
          ],
          "row": 3,
        },
        {
          "address": "0x00b00030",
          "group": "run",
          "lifetimes": [
            "int #2 [8,9)",
          ],
          "row": 4,
        },
        {
          "address": "0x00008a40",
          "group": "immortal",
          "lifetimes": [
            "NoneType #1 [0,14)",
          ],
          "row": 6,
        },
      ]
    `);
    expect(all.headers).toEqual([
      { row: 0, group: LaneGroup.run, lanes: 4 },
      { row: 5, group: LaneGroup.immortal, lanes: 1 },
    ]);
  });

  it('keeps a counted pre-existing module (sys) apart from immortal objects', () => {
    // `sys` existed before the run with refcount 121 (counted, freeable); None is immortal.
    const t = makeTrace({
      steps: [{ line: 1 }, { line: 2 }],
      objects: [
        { address: 0x0050_0000, type: 'module', born: -1, died: -1, flags: ObjectFlag.preexisting | ObjectFlag.named, refcounts: [[0, 121], [1, 122]] },
        { address: 0x0000_8a40, type: 'NoneType', born: -1, died: -1, flags: ObjectFlag.preexisting | ObjectFlag.immortal | ObjectFlag.named, refcounts: [[0, 1 << 30]] },
        { address: 0x0060_0000, type: 'list', born: 1, died: -1, flags: ObjectFlag.named, refcounts: [[1, 1]] },
      ],
      bindings: [
        { obj: 0, name: 'sys', frame: -1, from: 0, to: -1 },
        { obj: 1, name: 'x', frame: -1, from: 0, to: -1 },
        { obj: 2, name: 'a', frame: -1, from: 1, to: -1 },
      ],
    });
    const layout = layoutTimeline(t, { sort: 'reuse', showAll: true });
    expect(lanesOf(layout).map((l) => [l.address, l.group])).toEqual([
      ['0x00600000', 'run'],
      ['0x00500000', 'preexisting'],
      ['0x00008a40', 'immortal'],
    ]);
    expect(layout.headers.map((h) => h.group)).toEqual([LaneGroup.run, LaneGroup.preexisting, LaneGroup.immortal]);
  });

  it('sorts lanes by first use or by address', () => {
    const t = sonTrace(2);
    const byUse = lanesOf(layoutTimeline(t, { sort: 'first-use', showAll: false })).map((l) => l.address);
    const byAddr = lanesOf(layoutTimeline(t, { sort: 'address', showAll: false })).map((l) => l.address);
    const byReuse = lanesOf(layoutTimeline(t)).map((l) => l.address);
    expect(byReuse).toEqual([hexAddress(SON_ADDRESS), '0x00600000', '0x00610000', '0x00500000', '0x00504000']);
    expect(byUse).toEqual(['0x00600000', '0x00610000', hexAddress(SON_ADDRESS), '0x00500000', '0x00504000']);
    expect(byAddr).toEqual(['0x00600000', '0x00610000', hexAddress(SON_ADDRESS), '0x00500000', '0x00504000'].sort((a, b) => {
      const ga = a.startsWith('0x005') ? 1 : 0;
      const gb = b.startsWith('0x005') ? 1 : 0;
      return ga - gb || a.localeCompare(b);
    }));
  });

  it('is memoized per trace and options', () => {
    const t = sonTrace(2);
    expect(layoutTimeline(t)).toBe(layoutTimeline(t));
    expect(layoutTimeline(t, { sort: 'address', showAll: true })).not.toBe(layoutTimeline(t));
  });

  it('finds the first lifetime overlapping a step by binary search', () => {
    const t = seedLoopTrace(5);
    const layout = layoutTimeline(t);
    const lane = layout.objLane[2] ?? 0;
    const base = layout.laneStart[lane] ?? 0;
    expect(firstInLane(layout, lane, 0) - base).toBe(0);
    expect(firstInLane(layout, lane, 4) - base).toBe(0);
    expect(firstInLane(layout, lane, 5) - base).toBe(1);
    expect(firstInLane(layout, lane, 8) - base).toBe(1);
    expect(firstInLane(layout, lane, 100) - base).toBe(5);
  });
});

describe('geometry', () => {
  it('maps the Son lifetimes to bars in one row, each after the previous one', () => {
    const t = sonTrace(3);
    const layout = layoutTimeline(t);
    const v = fitViewport(layout, t.steps.line.length * 10, 400);
    expect(barGeometry(layout, v).map((b) => `${lifetimeLabel(t, b.obj)} x=${b.x0}..${b.x1} y=${b.y}${b.reuses >= 0 ? ` reuses ${lifetimeLabel(t, b.reuses)}` : ''}`)).toMatchInlineSnapshot(`
      [
        "Son #1 x=80..110 y=51",
        "Son #2 x=130..160 y=51 reuses Son #1",
        "Son #3 x=180..210 y=51 reuses Son #2",
        "type #1 x=40..220 y=79",
        "function #1 x=50..220 y=107",
        "module #1 x=0..220 y=163",
        "module #2 x=0..220 y=191",
      ]
    `);
  });

  it('hit-tests bars, output ticks and empty lanes', () => {
    const t = sonTrace(3);
    const layout = layoutTimeline(t);
    const v = fitViewport(layout, t.steps.line.length * 10, 400);
    const son2 = barGeometry(layout, v).find((b) => lifetimeLabel(t, b.obj) === 'Son #2');
    expect(son2).toBeDefined();
    if (!son2) return;
    const hit = hitTest(layout, v, son2.x0 + 5, son2.y + 4);
    expect(hit).toEqual({ kind: 'object', obj: son2.obj, step: 13 });
    const rowY = OUTPUT_STRIP + 3 * ROW_HEIGHT + BAR_TOP + 4;
    expect(hitTest(layout, v, 5, rowY).kind).toBe('lane');
    expect(hitTest(layout, v, t.output[0]!.step * 10 + 5, 6)).toEqual({ kind: 'output', chunk: 0, step: t.output[0]!.step });
    expect(hitTest(layout, v, 1, 6).kind).toBe('none');
  });

  it('skips bars outside the visible step range', () => {
    const t = seedLoopTrace(50);
    const layout = layoutTimeline(t);
    const steps = layout.steps;
    const v = { width: 400, height: 400, s0: steps / 2, s1: steps / 2 + 8, scrollY: 0 };
    const bars = barGeometry(layout, v).filter((b) => typeName(t, b.obj) === 'object');
    expect(bars.length).toBeLessThanOrEqual(3);
    expect(bars.every((b) => b.x1 > 0 && b.x0 < 400)).toBe(true);
  });
});
