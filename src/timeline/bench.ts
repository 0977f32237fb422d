/**
 * Benchmark hooks for the timeline, run in Chromium by scripts/bench-timeline.mjs:
 * a synthetic trace of any size, and pure functions that time the first draw and a
 * sequence of zoom frames on a real canvas. No React, no store: what is timed is exactly
 * the layout and the canvas drawing the app does.
 */
import { ObjectFlag, type TraceData } from '../trace/types';
import { drawGutter, drawOverview, drawTimeline } from './draw';
import { layoutTimeline } from './layout';
import { renderAxis } from './axis';
import { viewportOf } from './view';
import { GUTTER_WIDTH, type Viewport } from './viewport';
import { zoomIdentity } from 'd3';

export interface SyntheticOptions {
  /** Addresses the lifetimes are spread over (one lane each). */
  lanes?: number;
  /** Refcount samples per lifetime (≥ 1). */
  samples?: number;
  /** Distinct type names. */
  types?: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so runs compare. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A trace of `n` lifetimes: one born per step, living 1–40 steps, each at the next free
 * address of a pool of `lanes` addresses (so addresses are reused the way the allocator
 * does), with `samples` refcount changes each. Every object is named (shown by default).
 */
export function syntheticTrace(n: number, opts: SyntheticOptions = {}): TraceData {
  const lanes = opts.lanes ?? 2000;
  const samples = Math.max(1, opts.samples ?? 2);
  const types = opts.types ?? 8;
  const rand = rng(42);
  const steps = n + 41;
  const strings = ['<module>', 'f'];
  for (let i = 0; i < types; i++) strings.push(`T${i}`);
  const address = new Uint32Array(n);
  const type = new Int32Array(n);
  const size = new Int32Array(n).fill(32);
  const born = new Int32Array(n);
  const died = new Int32Array(n);
  const finalized = new Int32Array(n).fill(-1);
  const flags = new Uint8Array(n).fill(ObjectFlag.named);
  const start = new Int32Array(n + 1);
  const rcStep = new Int32Array(n * samples);
  const rcValue = new Int32Array(n * samples);
  // Free addresses as a stack: the most recently freed is handed out first, like a free list.
  const freeAt = new Int32Array(lanes).fill(-1);
  let cursor = 0;
  for (let i = 0; i < n; i++) {
    let lane = cursor;
    for (let probe = 0; probe < lanes && (freeAt[lane] ?? 0) >= i; probe++) lane = (lane + 1) % lanes;
    cursor = (lane + 1 + Math.floor(rand() * 3)) % lanes;
    const life = 1 + Math.floor(rand() * 40);
    address[i] = 0x0010_0000 + lane * 32;
    type[i] = 2 + (i % types);
    born[i] = i;
    died[i] = i + life - 1;
    freeAt[lane] = i + life;
    if (i % 97 === 0) finalized[i] = died[i] ?? -1;
    start[i] = i * samples;
    for (let k = 0; k < samples; k++) {
      rcStep[i * samples + k] = i + Math.floor((k * life) / samples);
      rcValue[i * samples + k] = 1 + ((k * 7 + i) % 5);
    }
  }
  start[n] = n * samples;
  return {
    meta: {
      python: '3.14.2',
      pyodide: '314.0.7',
      seed: 0,
      source: '',
      status: 'completed',
      error: null,
      maxSteps: steps,
      maxSeconds: 10,
      allocator: 'synthetic',
      elapsedMs: 0,
      outputTruncated: false,
    },
    strings,
    steps: {
      line: new Int32Array(steps).fill(1),
      func: new Int32Array(steps),
      depth: new Int32Array(steps),
      event: new Uint8Array(steps),
    },
    objects: { address, type, size, born, died, finalized, flags },
    refcounts: { start, step: rcStep, value: rcValue },
    bindings: { obj: new Int32Array(), name: new Int32Array(), frame: new Int32Array(), from: new Int32Array(), to: new Int32Array() },
    frames: { func: Int32Array.of(0), depth: Int32Array.of(0), enter: Int32Array.of(0), exit: Int32Array.of(-1) },
    output: Array.from({ length: Math.min(10_000, Math.floor(n / 10)) }, (_, i) => ({ step: i * 10, stream: 'stdout' as const, text: `${i}\n` })),
  };
}

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
