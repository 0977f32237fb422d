/**
 * The pixel mapping of the timeline's plot area: which steps and rows are on screen, and
 * the conversions between steps/rows and CSS pixels. A viewport is a small plain object
 * rebuilt on every zoom or scroll; the layout it maps never changes with it.
 */
import { firstInLane, type TimelineLayout } from './layout';

/** Height of one lane row in CSS pixels. */
export const ROW_HEIGHT = 28;
/** Height of a lifetime bar inside its row. */
export const BAR_HEIGHT = 18;
/** Space above a bar in its row (the "reused" arc is drawn there). */
export const BAR_TOP = 7;
/** Strip at the top of the plot holding one tick per output line. */
export const OUTPUT_STRIP = 16;
/** Width of the lane-label gutter left of the plot. */
export const GUTTER_WIDTH = 200;
/** The gutter on a narrow screen (short labels), so the plot keeps most of the width. */
export const COMPACT_GUTTER_WIDTH = 56;
/** A timeline narrower than this (CSS pixels) uses the compact gutter. */
export const COMPACT_TIMELINE_BELOW = 600;

export interface Viewport {
  /** Plot size in CSS pixels. */
  width: number;
  height: number;
  /** Visible step range [s0, s1) (fractional). */
  s0: number;
  s1: number;
  /** Vertical scroll of the lane rows in CSS pixels (0 = first row at the top). */
  scrollY: number;
}

/**
 * Where the cursor line sits, in steps from the start of the cursor's step: at its end. Every
 * panel shows the state after the cursor's line ran (trace/steps), so the line falls where
 * objects the step created are already alive and those it destroyed have ended. The band
 * behind it covers the step itself (the line that ran).
 */
export const CURSOR_AT = 1;

export function pxPerStep(v: Viewport): number {
  return v.width / Math.max(1e-9, v.s1 - v.s0);
}

export function stepToX(v: Viewport, step: number): number {
  return (step - v.s0) * pxPerStep(v);
}

/** The step whose column contains x (may fall outside the trace; callers clamp). */
export function xToStep(v: Viewport, x: number): number {
  return Math.floor(v.s0 + x / pxPerStep(v));
}

export function rowTop(v: Viewport, row: number): number {
  return OUTPUT_STRIP + row * ROW_HEIGHT - v.scrollY;
}

/** Row under y, or -1 in the output strip; may be past the last row. */
export function yToRow(v: Viewport, y: number): number {
  if (y < OUTPUT_STRIP) return -1;
  return Math.floor((y - OUTPUT_STRIP + v.scrollY) / ROW_HEIGHT);
}

/** First and last row (inclusive) that intersect the plot. */
export function visibleRows(layout: TimelineLayout, v: Viewport): [number, number] {
  const first = Math.max(0, Math.floor(v.scrollY / ROW_HEIGHT));
  const last = Math.min(layout.rowCount - 1, Math.floor((v.scrollY + v.height - OUTPUT_STRIP) / ROW_HEIGHT));
  return [first, last];
}

/** Height of all rows plus the output strip: what vertical scrolling ranges over. */
export function contentHeight(layout: TimelineLayout): number {
  return OUTPUT_STRIP + layout.rowCount * ROW_HEIGHT;
}

/** A long trace opens at this many pixels per step. */
export const INITIAL_PX_PER_STEP = 24;

/**
 * The steps a new trace opens on in a plot `width` pixels wide, as [s0, s1); null for the
 * whole run. The whole run when it fits at a readable width; a long run opens zoomed to
 * where its top lane (the most reused address by default) starts, so that the bars are wide
 * enough to read as different objects. The live timeline (./view) and the page's first
 * view (ui/firstView) open the same way.
 */
export function openingRange(layout: TimelineLayout, width: number): [number, number] | null {
  const fits = Math.max(1, Math.floor(width / INITIAL_PX_PER_STEP));
  if (layout.steps <= fits || layout.laneCount === 0) return null;
  const first = layout.laneObjects[layout.laneStart[0] ?? 0] ?? 0;
  const s0 = Math.min(Math.max(0, (layout.objStart[first] ?? 0) - 2), layout.steps - fits);
  return [s0, s0 + fits];
}

/** The viewport showing the whole trace at a given size. */
export function fitViewport(layout: TimelineLayout, width: number, height: number, scrollY = 0): Viewport {
  return { width, height, s0: 0, s1: layout.steps, scrollY };
}

export type Hit =
  | { kind: 'object'; obj: number; step: number }
  | { kind: 'output'; chunk: number; step: number }
  | { kind: 'lane'; lane: number; step: number }
  | { kind: 'none'; step: number };

/** Pixels of slack around thin marks so that sub-pixel lifetimes and output ticks can be pointed at. */
const SLOP = 3;

/** What is under the point (x, y) of the plot. */
export function hitTest(layout: TimelineLayout, v: Viewport, x: number, y: number): Hit {
  const step = xToStep(v, x);
  const pps = pxPerStep(v);
  const slopSteps = SLOP / pps;
  const s = v.s0 + x / pps;
  if (y < OUTPUT_STRIP) {
    const out = layout.trace.output;
    let best = -1;
    let bestDist = Infinity;
    // Output is in step order: binary search the first chunk near s.
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((out[mid]?.step ?? 0) + 0.5 < s - slopSteps) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < out.length; i++) {
      const c = (out[i]?.step ?? 0) + 0.5;
      if (c > s + slopSteps) break;
      const d = Math.abs(c - s);
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    }
    return best >= 0 ? { kind: 'output', chunk: best, step: out[best]?.step ?? step } : { kind: 'none', step };
  }
  const row = yToRow(v, y);
  const lane = row >= 0 && row < layout.rowCount ? (layout.rowLane[row] ?? -1) : -1;
  if (lane < 0) return { kind: 'none', step };
  const localY = y - rowTop(v, row);
  if (localY < BAR_TOP - 2 || localY > BAR_TOP + BAR_HEIGHT + 2) return { kind: 'lane', lane, step };
  const { laneObjects, objStart, objEnd } = layout;
  const end = layout.laneStart[lane + 1] ?? 0;
  let best = -1;
  let bestDist = Infinity;
  for (let i = firstInLane(layout, lane, s - slopSteps); i < end; i++) {
    const o = laneObjects[i] ?? 0;
    const a = objStart[o] ?? 0;
    const b = objEnd[o] ?? 0;
    if (a > s + slopSteps) break;
    // Prefer the lifetime containing s; otherwise the nearest one within the slop.
    const d = s < a ? a - s : s > b ? s - b : 0;
    if (d <= slopSteps && d < bestDist) {
      bestDist = d;
      best = o;
      if (d === 0) break;
    }
  }
  return best >= 0 ? { kind: 'object', obj: best, step } : { kind: 'lane', lane, step };
}

export interface BarGeometry {
  obj: number;
  lane: number;
  x0: number;
  x1: number;
  y: number;
  /** The lifetime this one reused the address of, or -1. */
  reuses: number;
}

/**
 * Pixel rectangles of the lifetimes on screen, in lane order: the same walk the canvas
 * drawing does, as data (for geometry snapshots and for tests that click a bar).
 */
export function barGeometry(layout: TimelineLayout, v: Viewport): BarGeometry[] {
  const out: BarGeometry[] = [];
  const pps = pxPerStep(v);
  const [firstRow, lastRow] = visibleRows(layout, v);
  for (let row = firstRow; row <= lastRow; row++) {
    const lane = layout.rowLane[row] ?? -1;
    if (lane < 0) continue;
    const end = layout.laneStart[lane + 1] ?? 0;
    for (let i = firstInLane(layout, lane, v.s0); i < end; i++) {
      const o = layout.laneObjects[i] ?? 0;
      const a = layout.objStart[o] ?? 0;
      if (a >= v.s1) break;
      out.push({
        obj: o,
        lane,
        x0: round2((a - v.s0) * pps),
        x1: round2(((layout.objEnd[o] ?? 0) - v.s0) * pps),
        y: rowTop(v, row) + BAR_TOP,
        reuses: layout.objPrev[o] ?? -1,
      });
    }
  }
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
