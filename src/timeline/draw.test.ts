import { describe, expect, it } from 'vitest';
import { makeTrace, seedLoopTrace, sonTrace } from '../../tests/fixtures/makeTrace';
import { drawGutter, drawOverview, drawTimeline, type Ctx2D } from './draw';
import { layoutTimeline } from './layout';
import { fitViewport, GUTTER_WIDTH } from './viewport';
import { StepEvent } from '../trace/types';

/** A 2D context that records what is drawn: texts, rectangles and paths by colour. */
function recorder() {
  const calls: { texts: string[]; rects: number; paths: number; fills: Set<string> } = { texts: [], rects: 0, paths: 0, fills: new Set() };
  const state: Record<string, unknown> = {};
  const ctx = new Proxy(state, {
    get(target, prop) {
      if (prop === 'fillText') return (text: string) => calls.texts.push(text);
      if (prop === 'fillRect') return () => {
        calls.rects++;
        calls.fills.add(String(target.fillStyle));
      };
      if (prop === 'measureText') return (text: string) => ({ width: text.length * 6 });
      if (prop === 'beginPath') return () => calls.paths++;
      if (prop in target) return target[prop as string];
      return () => {};
    },
    set(target, prop, value) {
      target[prop as string] = value;
      return true;
    },
  }) as unknown as Ctx2D;
  return { ctx, calls };
}

describe('drawTimeline', () => {
  it('draws every Son lifetime with its label, and the lane labels in hex and decimal', () => {
    const t = sonTrace(3);
    const layout = layoutTimeline(t);
    const v = fitViewport(layout, 22 * 40, 400);
    const { ctx, calls } = recorder();
    const stats = drawTimeline(ctx, layout, v, { cursor: 12, selected: 5, hovered: null, dpr: 1 });
    expect(stats).toEqual({ bars: 7, thin: 0, visited: 7 });
    expect(calls.texts).toEqual(expect.arrayContaining(['Son #1', 'Son #2', 'Son #3', 'type #1', 'module #1']));
    const gutter = recorder();
    drawGutter(gutter.ctx, layout, v, GUTTER_WIDTH, 1);
    expect(gutter.calls.texts).toEqual(expect.arrayContaining(['0x00c3d4e8', String(0x00c3d4e8), '3×', 'output']));
  });

  it("marks where Python's exit starts with a rule named in the output strip, in the page's language", () => {
    const exiting = makeTrace({ steps: [{ line: 1 }, { line: 2 }, { line: 0, depth: -1, event: StepEvent.exit }], objects: [] });
    const layout = layoutTimeline(exiting);
    expect(layout.exitStep).toBe(2);
    const v = fitViewport(layout, 300, 200);
    const drawn = recorder();
    drawTimeline(drawn.ctx, layout, v, { cursor: 0, selected: null, hovered: null, dpr: 1, exitLabel: 'Python 退出' });
    expect(drawn.calls.texts).toContain('Python 退出');
    // A run that never reached the exit (the seed's endless loop) has no rule.
    const loop = layoutTimeline(seedLoopTrace(3));
    expect(loop.exitStep).toBe(-1);
    const none = recorder();
    drawTimeline(none.ctx, loop, fitViewport(loop, 300, 200), { cursor: 0, selected: null, hovered: null, dpr: 1 });
    expect(none.calls.texts).not.toContain('Python exits');
  });

  it('collapses sub-pixel lifetimes into spaced 1-pixel columns', () => {
    const t = seedLoopTrace(400);
    const layout = layoutTimeline(t);
    const v = fitViewport(layout, 300, 200);
    const { ctx } = recorder();
    const stats = drawTimeline(ctx, layout, v, { cursor: 0, selected: null, hovered: null, dpr: 1 });
    expect(stats.thin).toBeGreaterThan(0);
    expect(stats.thin).toBeLessThanOrEqual(150);
    expect(stats.visited).toBe(401);
  });

  it('copes with an empty trace (a program that failed before its first line)', () => {
    const t = makeTrace({ steps: [], objects: [], meta: { status: 'error' } });
    const layout = layoutTimeline(t);
    expect(layout.laneCount).toBe(0);
    const v = fitViewport(layout, 300, 200);
    const { ctx } = recorder();
    expect(drawTimeline(ctx, layout, v, { cursor: 0, selected: null, hovered: null, dpr: 1 })).toEqual({ bars: 0, thin: 0, visited: 0 });
    drawOverview(ctx, layout, 300, 36, 1);
    drawGutter(ctx, layout, v, GUTTER_WIDTH, 1);
  });
});
