/**
 * Benchmark hooks for the timeline, run in Chromium by scripts/bench-timeline.mjs (through
 * scripts/bench-timeline.ts): pure functions that time the first draw and a sequence of
 * zoom frames on a real canvas, over traces from the test factory (`syntheticTrace` in
 * tests/fixtures/makeTrace.ts). No React, no store: what is timed is exactly the layout and
 * the canvas drawing the app does.
 */
import { zoomIdentity } from 'd3';
import type { TraceData } from '../src/trace/types';
import { renderAxis } from '../src/timeline/axis';
import { drawGutter, drawOverview, drawTimeline } from '../src/timeline/draw';
import { layoutTimeline } from '../src/timeline/layout';
import { viewportOf } from '../src/timeline/view';
import { GUTTER_WIDTH, type Viewport } from '../src/timeline/viewport';

export interface Surface {
  canvas: HTMLCanvasElement;
  gutter: HTMLCanvasElement;
  overview: HTMLCanvasElement;
  /** The step axis, redrawn with every frame as the app does. */
  axis?: SVGSVGElement;
  width: number;
  height: number;
}

function ctx2d(c: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('no 2D context');
  return ctx;
}

/** Forces the canvas to finish its pending work, so the timing covers rasterization too. */
function flush(ctx: CanvasRenderingContext2D): void {
  ctx.getImageData(0, 0, 1, 1);
}

/**
 * Lays out `trace` and draws it the way the app's first frame does (plot, lane labels,
 * overview). Returns milliseconds for the layout and for the drawing.
 */
export function timeFirstDraw(trace: TraceData, s: Surface): { layoutMs: number; drawMs: number; totalMs: number } {
  const t0 = performance.now();
  const layout = layoutTimeline(trace, { sort: 'reuse', showAll: false });
  const t1 = performance.now();
  const plot = ctx2d(s.canvas);
  const v = viewportOf(layout, zoomIdentity, s.width, s.height);
  drawTimeline(plot, layout, v, { cursor: 0, selected: null, hovered: null, dpr: 1 });
  drawGutter(ctx2d(s.gutter), layout, v, GUTTER_WIDTH, 1);
  drawOverview(ctx2d(s.overview), layout, s.width, 36, 1);
  flush(plot);
  const t2 = performance.now();
  return { layoutMs: t1 - t0, drawMs: t2 - t1, totalMs: t2 - t0 };
}

/**
 * Draws `frames` zoom frames of an already laid-out trace: zooming in around moving points
 * from the whole trace to a few dozen steps, then panning and scrolling. Returns each
 * frame's milliseconds (viewport mapping + plot + lane labels + axis, canvas flushed).
 */
export function timeZoomFrames(trace: TraceData, s: Surface, frames = 120): number[] {
  const layout = layoutTimeline(trace, { sort: 'reuse', showAll: false });
  const plot = ctx2d(s.canvas);
  const gutter = ctx2d(s.gutter);
  const maxK = layout.steps / 40;
  const times: number[] = [];
  for (let f = 0; f < frames; f++) {
    const phase = f / frames;
    const k = Math.min(maxK, Math.pow(maxK, phase < 0.75 ? phase / 0.75 : 1 - (phase - 0.75) * 2));
    const focus = 0.5 + 0.4 * Math.sin(f / 7);
    const x = s.width * focus * (1 - k);
    const y = -((f * 37) % Math.max(1, layout.rowCount * 26 - s.height));
    const t = zoomIdentity.translate(Math.min(0, Math.max(s.width - s.width * k, x)), y).scale(k);
    const t0 = performance.now();
    const v: Viewport = viewportOf(layout, t, s.width, s.height);
    drawTimeline(plot, layout, v, { cursor: Math.floor((v.s0 + v.s1) / 2), selected: null, hovered: null, dpr: 1 });
    drawGutter(gutter, layout, v, GUTTER_WIDTH, 1);
    if (s.axis) renderAxis(s.axis, v, Math.floor((v.s0 + v.s1) / 2), 24);
    flush(plot);
    times.push(performance.now() - t0);
  }
  return times;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
