/**
 * Canvas drawing of the timeline: lifetime bars, their refcount step lines and labels,
 * creation / destruction / `__del__` marks, "reused" arcs between successive lifetimes in a
 * lane, output ticks and the cursor. Pure functions of (layout, viewport, marks): no state,
 * no DOM beyond the 2D context, so the benchmark can call them directly.
 *
 * Speed comes from skipping: only rows on screen are visited, each lane is entered by binary
 * search at the left edge, and lifetimes narrower than a pixel collapse into at most one
 * 1-pixel column per lane (the speedscope habit).
 */
import { firstInLane, LaneGroup, type TimelineLayout } from './layout';
import { labelColor, LIGHT, typeColor, type Palette } from './palette';
import { BAR_HEIGHT, BAR_TOP, CURSOR_AT, OUTPUT_STRIP, ROW_HEIGHT, pxPerStep, rowTop, visibleRows, type Viewport } from './viewport';
import { hexAddress } from '../trace/query';
import { lifetimeLabel } from '../trace/lifetimes';

export type Ctx2D = CanvasRenderingContext2D;

export interface Marks {
  cursor: number;
  selected: number | null;
  hovered: number | null;
  /** The lifetime picked with the keyboard, if any. */
  active?: number | null;
  /** Device pixel ratio the canvas backing store was sized with. */
  dpr: number;
  /**
   * Group titles to write into the plot's header rows, for a gutter too narrow to hold
   * them (phones); without it the gutter writes them.
   */
  groupLabels?: GutterLabels;
  /** The colour scheme's palette; without it, the light one (what a download is drawn in). */
  palette?: Palette;
  /** The words at the rule where Python's exit starts; without it, the English ones. */
  exitLabel?: string;
}

export interface DrawStats {
  /** Lifetimes drawn as full bars. */
  bars: number;
  /** Lifetimes collapsed into 1-pixel columns. */
  thin: number;
  /** Lifetimes visited (on-screen rows, inside the visible step range). */
  visited: number;
}

const LABEL_FONT = '10.5px system-ui, -apple-system, "Segoe UI", sans-serif';

const colorCache: string[] = [];
function fillOf(i: number): string {
  return (colorCache[i] ??= typeColor(i));
}

/** Draws the whole plot for one frame. Returns counts for tests and the benchmark. */
export function drawTimeline(ctx: Ctx2D, layout: TimelineLayout, v: Viewport, marks: Marks): DrawStats {
  const stats: DrawStats = { bars: 0, thin: 0, visited: 0 };
  const pal = marks.palette ?? LIGHT;
  ctx.setTransform(marks.dpr, 0, 0, marks.dpr, 0, 0);
  ctx.clearRect(0, 0, v.width, v.height);
  const [firstRow, lastRow] = visibleRows(layout, v);

  for (let row = firstRow; row <= lastRow; row++) {
    const y = rowTop(v, row);
    const lane = layout.rowLane[row] ?? -1;
    ctx.fillStyle = lane < 0 ? pal.header : row % 2 === 0 ? pal.laneEven : pal.laneOdd;
    ctx.fillRect(0, y, v.width, ROW_HEIGHT);
    if (lane < 0 && marks.groupLabels) drawGroupTitle(ctx, layout, row, y, marks.groupLabels, pal);
  }
  drawCursorBand(ctx, v, marks.cursor, pal);
  for (let row = firstRow; row <= lastRow; row++) {
    const lane = layout.rowLane[row] ?? -1;
    if (lane >= 0) drawLane(ctx, layout, v, lane, rowTop(v, row), marks, stats);
  }
  drawOutputStrip(ctx, layout, v, pal);
  drawExitRule(ctx, layout, v, pal, marks.exitLabel ?? DEFAULT_GUTTER_LABELS.exit);
  drawCursorLine(ctx, v, marks.cursor, pal);
  return stats;
}

/**
 * A dashed rule where Python's exit starts, named at its top: what lies right of it
 * happened after the program's last line (atexit's functions, the globals freed).
 */
function drawExitRule(ctx: Ctx2D, layout: TimelineLayout, v: Viewport, pal: Palette, label: string): void {
  const at = layout.exitStep;
  if (at < 0 || at < v.s0 || at >= v.s1) return;
  const x = Math.round((at - v.s0) * pxPerStep(v)) + 0.5;
  ctx.strokeStyle = pal.gutterMuted;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  ctx.moveTo(x, 0);
  ctx.lineTo(x, v.height);
  ctx.stroke();
  ctx.setLineDash([]);
  // Just under the output strip (its ticks would cross the words), on a box of the strip's colour.
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const y = OUTPUT_STRIP + 8;
  ctx.fillStyle = pal.strip;
  ctx.fillRect(x + 1, y - 7, ctx.measureText(label).width + 6, 14);
  ctx.fillStyle = pal.gutterMuted;
  ctx.fillText(label, x + 4, y);
}

function drawLane(ctx: Ctx2D, layout: TimelineLayout, v: Viewport, lane: number, rowY: number, marks: Marks, stats: DrawStats): void {
  const { laneObjects, objStart, objEnd, objColor, objPrev } = layout;
  const pps = pxPerStep(v);
  const s0 = v.s0;
  const end = layout.laneStart[lane + 1] ?? 0;
  const top = rowY + BAR_TOP;
  let lastThinPx = -Infinity;
  for (let i = firstInLane(layout, lane, s0); i < end; i++) {
    const o = laneObjects[i] ?? 0;
    const a = objStart[o] ?? 0;
    if (a >= v.s1) break;
    stats.visited++;
    const x0 = (a - s0) * pps;
    const x1 = ((objEnd[o] ?? 0) - s0) * pps;
    const color = objColor[o] ?? 0;
    if (x1 - x0 < 1.5) {
      // Sub-pixel lifetime: one pixel column shows something lives here. Columns keep a pixel
      // apart, so a run of many short lives reads as a comb, not as one long-lived object.
      const px = Math.floor(x0);
      if (px <= lastThinPx + 1) continue;
      lastThinPx = px;
      ctx.fillStyle = fillOf(color);
      ctx.fillRect(px, top, 1, BAR_HEIGHT);
      stats.thin++;
      continue;
    }
    stats.bars++;
    drawBar(ctx, layout, v, o, x0, x1, top, marks);
    const prev = objPrev[o] ?? -1;
    if (prev >= 0) drawReuse(ctx, ((objEnd[prev] ?? 0) - s0) * pps, x0, rowY, marks.palette ?? LIGHT);
  }
}

function drawBar(ctx: Ctx2D, layout: TimelineLayout, v: Viewport, o: number, x0: number, x1: number, top: number, marks: Marks): void {
  const t = layout.trace;
  const pal = marks.palette ?? LIGHT;
  const fill = fillOf(layout.objColor[o] ?? 0);
  // Clip the drawn rectangle to the plot so labels stay visible on long bars.
  const cx0 = Math.max(x0, -2);
  const cx1 = Math.min(x1, v.width + 2);
  const w = cx1 - cx0;
  const gap = w > 6 ? 1 : 0;
  ctx.fillStyle = fill;
  ctx.fillRect(cx0 + gap, top, w - 2 * gap, BAR_HEIGHT);
  if (w < 4) return;

  if (w >= 8) drawRefcountLine(ctx, layout, v, o, top, cx0, cx1, pal);

  const born = t.objects.born[o] ?? -1;
  const died = t.objects.died[o] ?? -1;
  ctx.fillStyle = pal.created;
  if (born >= 0 && x0 >= -2) ctx.fillRect(x0 + gap, top, 2, BAR_HEIGHT);
  else if (x0 >= -2) {
    // Existed before the run: a dashed left edge instead of a creation mark.
    for (let yy = top; yy < top + BAR_HEIGHT; yy += 4) ctx.fillRect(x0 + gap, yy, 2, 2);
  }
  if (died >= 0 && x1 <= v.width + 2) {
    ctx.fillStyle = pal.destroyed;
    ctx.fillRect(x1 - gap - 3, top, 3, BAR_HEIGHT);
    if (w >= 80) drawCross(ctx, x1 - gap - 9, top + BAR_HEIGHT / 2, 3, pal);
  }

  const fin = t.objects.finalized[o] ?? -1;
  if (fin >= 0) {
    const fx = (fin + 0.5 - v.s0) * pxPerStep(v);
    if (fx >= cx0 - 6 && fx <= cx1 + 6) drawDiamond(ctx, Math.min(Math.max(fx, x0 + 5), x1 - 5), top - 1, 4.5, pal);
  }

  if (w >= 30) {
    const type = t.strings[t.objects.type[o] ?? 0] ?? '';
    const label = lifetimeLabel(t, o);
    ctx.font = LABEL_FONT;
    const room = w - 9 - (w >= 80 && died >= 0 ? 12 : 0);
    // Full label, else just the ordinal (what tells successive objects apart), else the type.
    const ordinal = label.slice(type.length + 1);
    const text = [label, ordinal, type].find((s) => ctx.measureText(s).width <= room) ?? '';
    if (text) {
      ctx.textBaseline = 'middle';
      ctx.fillStyle = labelColor(fill);
      ctx.fillText(text, Math.max(cx0, 0) + 5, top + 6.5);
    }
  }

  if (marks.selected === o || marks.hovered === o) {
    ctx.strokeStyle = marks.selected === o ? pal.selected : pal.hover;
    ctx.lineWidth = marks.selected === o ? 2 : 1;
    ctx.strokeRect(cx0 + 1, top - 1, w - 2, BAR_HEIGHT + 2);
  }
  // The lifetime the keyboard is on: a focus-coloured dashed frame around the bar.
  if (marks.active === o) {
    ctx.strokeStyle = pal.focus;
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 2]);
    ctx.strokeRect(cx0 - 1, top - 3, w + 2, BAR_HEIGHT + 6);
    ctx.setLineDash([]);
  }
}

/** The object's refcount as a step line inside its bar, scaled to its own maximum. */
function drawRefcountLine(ctx: Ctx2D, layout: TimelineLayout, v: Viewport, o: number, top: number, cx0: number, cx1: number, pal: Palette): void {
  const { start, step, value } = layout.trace.refcounts;
  const from = start[o] ?? 0;
  const to = start[o + 1] ?? from;
  if (to <= from) return;
  const max = Math.max(1, layout.objMaxRefcount[o] ?? 1);
  const pps = pxPerStep(v);
  // The step line keeps to the bottom band of the bar, under the label.
  const band = 6;
  const yOf = (val: number): number => top + BAR_HEIGHT - 1.5 - (Math.min(val, max) / max) * band;
  // Skip samples left of the visible range (binary search), keep the one in effect there.
  let lo = from;
  let hi = to - 1;
  let first = from;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((step[mid] ?? 0) <= v.s0) {
      first = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  ctx.beginPath();
  let x = cx0;
  let y = yOf(value[first] ?? 0);
  ctx.moveTo(x, y);
  let lastPx = -Infinity;
  for (let i = first + 1; i < to; i++) {
    const sx = ((step[i] ?? 0) - v.s0) * pps;
    if (sx >= cx1) break;
    const ny = yOf(value[i] ?? 0);
    if (sx < cx0) {
      y = ny;
      ctx.moveTo(cx0, y);
      continue;
    }
    if (Math.floor(sx) === lastPx && i + 1 < to) {
      y = ny;
      continue;
    }
    lastPx = Math.floor(sx);
    ctx.lineTo(sx, y);
    ctx.lineTo(sx, ny);
    x = sx;
    y = ny;
  }
  ctx.lineTo(Math.max(x, cx1), y);
  ctx.strokeStyle = pal.refcount;
  ctx.lineWidth = 1;
  ctx.stroke();
}

/** The "reused" mark: an arc over the gap from the previous lifetime's end to this one's start. */
function drawReuse(ctx: Ctx2D, xPrevEnd: number, xStart: number, rowY: number, pal: Palette): void {
  if (xStart - xPrevEnd > 4000) return;
  const a = xPrevEnd - 3;
  const b = xStart + 3;
  const y = rowY + BAR_TOP;
  ctx.beginPath();
  ctx.moveTo(a, y);
  ctx.quadraticCurveTo((a + b) / 2, rowY - 1, b, y);
  ctx.strokeStyle = pal.reuse;
  ctx.lineWidth = 1.25;
  ctx.stroke();
  // Arrowhead pointing into the new lifetime.
  ctx.beginPath();
  ctx.moveTo(b, y + 0.5);
  ctx.lineTo(b - 4, y - 3);
  ctx.lineTo(b + 1.5, y - 3.5);
  ctx.closePath();
  ctx.fillStyle = pal.reuse;
  ctx.fill();
}

function drawDiamond(ctx: Ctx2D, x: number, y: number, r: number, pal: Palette): void {
  ctx.beginPath();
  ctx.moveTo(x, y - r);
  ctx.lineTo(x + r, y);
  ctx.lineTo(x, y + r);
  ctx.lineTo(x - r, y);
  ctx.closePath();
  ctx.fillStyle = pal.finalizer;
  ctx.fill();
  ctx.strokeStyle = pal.finalizerEdge;
  ctx.lineWidth = 1;
  ctx.stroke();
}

function drawCross(ctx: Ctx2D, x: number, y: number, r: number, pal: Palette): void {
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.strokeStyle = pal.destroyed;
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

/** One tick per output chunk at the top of the plot, at the step that printed it. */
function drawOutputStrip(ctx: Ctx2D, layout: TimelineLayout, v: Viewport, pal: Palette): void {
  ctx.fillStyle = pal.strip;
  ctx.fillRect(0, 0, v.width, OUTPUT_STRIP);
  ctx.fillStyle = pal.stripRule;
  ctx.fillRect(0, OUTPUT_STRIP - 1, v.width, 1);
  const out = layout.trace.output;
  const pps = pxPerStep(v);
  let lo = 0;
  let hi = out.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((out[mid]?.step ?? 0) + 1 <= v.s0) lo = mid + 1;
    else hi = mid;
  }
  let lastPx = -Infinity;
  for (let i = lo; i < out.length; i++) {
    const c = out[i];
    if (!c || c.step >= v.s1) break;
    const x = Math.floor((c.step + 0.5 - v.s0) * pps);
    if (x <= lastPx) continue;
    lastPx = x;
    ctx.fillStyle = c.stream === 'stderr' ? pal.outputErr : pal.output;
    ctx.fillRect(x - 1, 3, 2, OUTPUT_STRIP - 6);
  }
}

function drawCursorBand(ctx: Ctx2D, v: Viewport, cursor: number, pal: Palette): void {
  const pps = pxPerStep(v);
  if (pps < 4) return;
  ctx.fillStyle = pal.cursorBand;
  ctx.fillRect((cursor - v.s0) * pps, 0, pps, v.height);
}

function drawCursorLine(ctx: Ctx2D, v: Viewport, cursor: number, pal: Palette): void {
  const x = Math.round((cursor + CURSOR_AT - v.s0) * pxPerStep(v));
  if (x < -2 || x > v.width + 2) return;
  ctx.fillStyle = pal.cursor;
  ctx.fillRect(x - 1, 0, 2, v.height);
}

/** Words drawn on the canvas, in the UI's language. */
export interface GutterLabels {
  run: string;
  preexisting: string;
  immortal: string;
  output: string;
  /** At the rule where Python's exit starts. */
  exit: string;
}

export const DEFAULT_GUTTER_LABELS: GutterLabels = {
  run: 'created by your program',
  preexisting: 'existed before your program',
  immortal: 'immortal (refcount never changes)',
  output: 'output',
  exit: 'Python exits',
};

/** Below this width the gutter shows short lane labels and the plot carries the group titles. */
export const COMPACT_GUTTER_BELOW = 120;

function drawGroupTitle(ctx: Ctx2D, layout: TimelineLayout, row: number, y: number, labels: GutterLabels, pal: Palette): void {
  const header = layout.headers.find((h) => h.row === row);
  const label = header?.group === LaneGroup.immortal ? labels.immortal : header?.group === LaneGroup.preexisting ? labels.preexisting : labels.run;
  ctx.fillStyle = pal.headerText;
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(`${label} (${header?.lanes ?? 0})`, 8, y + ROW_HEIGHT / 2);
}

/**
 * Lane labels (address in hex and decimal) and group headers, in the gutter left of the
 * plot. A narrow gutter (phones) shows the address's last four hex digits and the lane's
 * lifetime count under it, and leaves the group titles to the plot (`Marks.groupLabels`).
 */
export function drawGutter(
  ctx: Ctx2D,
  layout: TimelineLayout,
  v: Viewport,
  width: number,
  dpr: number,
  labels: GutterLabels = DEFAULT_GUTTER_LABELS,
  picked = -1,
  pal: Palette = LIGHT,
): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, v.height);
  const compact = width < COMPACT_GUTTER_BELOW;
  const [firstRow, lastRow] = visibleRows(layout, v);
  ctx.textBaseline = 'middle';
  for (let row = firstRow; row <= lastRow; row++) {
    const y = rowTop(v, row);
    const lane = layout.rowLane[row] ?? -1;
    if (lane < 0) {
      ctx.fillStyle = pal.header;
      ctx.fillRect(0, y, width, ROW_HEIGHT);
      if (!compact) drawGroupTitle(ctx, layout, row, y, labels, pal);
      continue;
    }
    ctx.fillStyle = row % 2 === 0 ? pal.laneEven : pal.laneOdd;
    ctx.fillRect(0, y, width, ROW_HEIGHT);
    // The label the keyboard is on (the gutter's ↑/↓): framed like the plot's picked lifetime.
    if (lane === picked) {
      ctx.strokeStyle = pal.focus;
      ctx.lineWidth = 2;
      ctx.setLineDash([4, 2]);
      ctx.strokeRect(1, y + 1, width - 2, ROW_HEIGHT - 2);
      ctx.setLineDash([]);
    }
    const addr = layout.laneAddress[lane] ?? 0;
    const lifetimes = (layout.laneStart[lane + 1] ?? 0) - (layout.laneStart[lane] ?? 0);
    if (compact) {
      ctx.fillStyle = pal.gutterText;
      ctx.font = '11px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';
      ctx.fillText(`…${hexAddress(addr).slice(-4)}`, 4, y + (lifetimes > 1 ? 9 : ROW_HEIGHT / 2));
      if (lifetimes > 1) {
        ctx.fillStyle = pal.gutterMuted;
        ctx.font = '9px ui-monospace, Menlo, Consolas, monospace';
        ctx.fillText(`${lifetimes}×`, 4, y + 21);
      }
      continue;
    }
    ctx.fillStyle = pal.gutterText;
    ctx.font = '12px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';
    ctx.fillText(hexAddress(addr), 8, y + ROW_HEIGHT / 2);
    ctx.fillStyle = pal.gutterMuted;
    ctx.font = '10px ui-monospace, Menlo, Consolas, monospace';
    ctx.fillText(String(addr), 92, y + ROW_HEIGHT / 2);
    if (lifetimes > 1) {
      ctx.textAlign = 'right';
      ctx.fillStyle = pal.gutterText;
      ctx.fillText(`${lifetimes}×`, width - 4, y + ROW_HEIGHT / 2);
      ctx.textAlign = 'left';
    }
  }
  ctx.fillStyle = pal.strip;
  ctx.fillRect(0, 0, width, OUTPUT_STRIP);
  ctx.fillStyle = pal.gutterMuted;
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillText(labels.output, 8, OUTPUT_STRIP / 2);
}

/**
 * The overview: every lane squeezed into `height` pixels, whole trace across `width`.
 * Drawn once per trace and size; the visible window is an overlay on top.
 */
export function drawOverview(ctx: Ctx2D, layout: TimelineLayout, width: number, height: number, dpr: number, pal: Palette = LIGHT): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = pal.overview;
  ctx.fillRect(0, 0, width, height);
  const rows = Math.max(1, layout.rowCount);
  const rh = height / rows;
  const pps = width / layout.steps;
  const { laneObjects, objStart, objEnd, objColor } = layout;
  for (let row = 0; row < layout.rowCount; row++) {
    const lane = layout.rowLane[row] ?? -1;
    if (lane < 0) continue;
    const y = Math.floor(row * rh);
    const h = Math.max(1, Math.floor((row + 1) * rh) - y - (rh > 3 ? 1 : 0));
    let lastPx = -1;
    const end = layout.laneStart[lane + 1] ?? 0;
    for (let i = layout.laneStart[lane] ?? 0; i < end; i++) {
      const o = laneObjects[i] ?? 0;
      const x0 = (objStart[o] ?? 0) * pps;
      const x1 = (objEnd[o] ?? 0) * pps;
      const px = Math.floor(x0);
      if (x1 - x0 < 1 && px <= lastPx) continue;
      ctx.fillStyle = fillOf(objColor[o] ?? 0);
      ctx.fillRect(px, y, Math.max(1, x1 - px), h);
      lastPx = Math.floor(x1);
    }
  }
}
