// Layout invariants on every recorded trace (tests/fixtures/traces/ and the gallery's
// recordings in public/recordings/), whatever the engine records: each shown lifetime sits
// in exactly one lane of its address, lanes are in start order, reuse links chain each
// lane's lifetimes, and the geometry of a fitted view keeps every bar inside its lane.
import { describe, expect, it } from 'vitest';
import { fixtureNames, galleryRecording, galleryRecordingNames, recordedFixture } from '../../tests/fixtures/traces';
import { isShownByDefault } from '../trace/query';
import type { TraceData } from '../trace/types';
import { layoutTimeline } from './layout';
import { barGeometry, fitViewport, ROW_HEIGHT } from './viewport';

const traces: Array<[string, () => TraceData | Promise<TraceData>]> = [
  ...fixtureNames().map((name): [string, () => TraceData] => [`fixture ${name}`, () => recordedFixture(name)]),
  ...galleryRecordingNames().map((name): [string, () => Promise<TraceData>] => [`gallery ${name}`, () => galleryRecording(name)]),
];

describe('layout of recorded traces', () => {
  it('finds the recorded traces', () => {
    // A fixture test that finds nothing must fail, not pass by testing nothing.
    expect(fixtureNames().length).toBeGreaterThanOrEqual(4);
    expect(galleryRecordingNames().length).toBeGreaterThan(0);
  });

  for (const [name, load] of traces) {
    it(name, async () => {
      const t = await load();
      for (const showAll of [false, true]) {
        const layout = layoutTimeline(t, { sort: 'reuse', showAll });
        const n = t.objects.address.length;
        let shown = 0;
        for (let o = 0; o < n; o++) {
          const lane = layout.objLane[o] ?? -1;
          if (!showAll && !isShownByDefault(t, o)) {
            expect(lane).toBe(-1);
            continue;
          }
          shown++;
          expect(layout.laneAddress[lane]).toBe(t.objects.address[o]);
          expect(layout.objEnd[o]).toBeGreaterThan(layout.objStart[o] ?? 0);
        }
        expect(layout.shown.length).toBe(shown);
        let links = 0;
        for (let l = 0; l < layout.laneCount; l++) {
          const objs = Array.from(layout.laneObjects.subarray(layout.laneStart[l], layout.laneStart[l + 1]));
          objs.forEach((o, i) => {
            if (i > 0) {
              expect(layout.objStart[o]).toBeGreaterThanOrEqual(layout.objStart[objs[i - 1] ?? 0] ?? 0);
              expect(layout.objPrev[o]).toBe(objs[i - 1]);
              links++;
            } else expect(layout.objPrev[o]).toBe(-1);
          });
        }
        expect(layout.reuseCount).toBe(links);
        const v = fitViewport(layout, 1000, layout.rowCount * ROW_HEIGHT + 100);
        for (const bar of barGeometry(layout, v)) {
          expect(bar.x0).toBeGreaterThanOrEqual(0);
          expect(bar.x1).toBeLessThanOrEqual(1000);
        }
      }
    });
  }
});
