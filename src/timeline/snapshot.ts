/**
 * The timeline as on screen, as an image: lane gutter, plot, step axis and a legend, drawn by
 * the same functions as the live canvases — into SVG elements (./svgContext) for the vector
 * export, into a canvas for PNG. Only the visible steps and lanes, as the reader sees them.
 * Downloads are always in the light palette (they go into documents and slides, whatever the
 * page's colour scheme); the first view's pictures (ui/firstView) come in both.
 */
import { scaleLinear } from 'd3';
import { COMPACT_GUTTER_BELOW, drawGutter, drawTimeline, type Ctx2D, type GutterLabels } from './draw';
import type { TimelineLayout } from './layout';
import { LIGHT, typeColor, type Palette } from './palette';
import { defaultMeasure, SvgContext, type MeasureText } from './svgContext';
import { CURSOR_AT, GUTTER_WIDTH, type Viewport } from './viewport';

/** What the timeline shows at one moment (`TimelineView.snapshot()`), in drawing units. */
export interface TimelineSnapshot {
  layout: TimelineLayout;
  viewport: Viewport;
  cursor: number;
  selected: number | null;
  labels: GutterLabels;
  /** CSS pixels per drawing unit (above 1 in presentation mode). */
  scale: number;
  /** The lane gutter's width as on screen (a phone's is compact); `GUTTER_WIDTH` when absent. */
  gutter?: number;
}

const gutterOf = (snap: TimelineSnapshot): number => snap.gutter ?? GUTTER_WIDTH;
/** A compact gutter leaves the group titles to the plot, as on screen (./view). */
const plotGroupLabels = (snap: TimelineSnapshot): GutterLabels | undefined => (gutterOf(snap) < COMPACT_GUTTER_BELOW ? snap.labels : undefined);

/** The words of the legend, in the UI's language. */
export interface SnapshotLegend {
  marks: { created: string; destroyed: string; finalized: string; reused: string; refcount: string };
  moreTypes: (n: number) => string;
  /** A line under the legend, e.g. "step 4 of 40". */
  caption: string;
  /** The step axis's title ("step"), written left of its tick labels. */
  axis: string;
}

/**
 * Device pixels per CSS pixel of a PNG export: at least 2, whatever the screen, so an image
 * pasted into slides or a post stays sharp; more on a denser screen.
 */
export const MIN_PNG_RATIO = 2;
export function pngPixelRatio(devicePixelRatio: number): number {
  return Math.max(MIN_PNG_RATIO, Number.isFinite(devicePixelRatio) ? devicePixelRatio : 1);
}

export const SNAPSHOT_AXIS_HEIGHT = 24;
const LEGEND_ROW = 18;
const LEGEND_PAD = 8;
const LEGEND_FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
const CAPTION_FONT = '10px system-ui, -apple-system, "Segoe UI", sans-serif';
const AXIS_FONT = '10px system-ui, -apple-system, "Segoe UI", sans-serif';
const AXIS_TITLE_FONT = '600 11px system-ui, -apple-system, "Segoe UI", sans-serif';
const MAX_TYPES = 12;

type MarkKind = keyof SnapshotLegend['marks'];
type LegendItem = { label: string; color: string } | { label: string; mark: MarkKind };
interface Placed {
  item: LegendItem;
  x: number;
  y: number;
}

interface Geometry {
  width: number;
  height: number;
  plotTop: number;
  legendTop: number;
  placed: Placed[];
  captionY: number;
}

function legendItems(layout: TimelineLayout, legend: SnapshotLegend, pal: Palette): LegendItem[] {
  const types = [...layout.typeColors.entries()];
  const items: LegendItem[] = types.slice(0, MAX_TYPES).map(([type, color]) => ({ label: layout.trace.strings[type] ?? '?', color: typeColor(color) }));
  if (types.length > MAX_TYPES) items.push({ label: legend.moreTypes(types.length - MAX_TYPES), color: pal.paper });
  for (const mark of ['created', 'destroyed', 'finalized', 'reused', 'refcount'] as const) items.push({ label: legend.marks[mark], mark });
  return items;
}

function geometry(snap: TimelineSnapshot, legend: SnapshotLegend, measure: MeasureText, pal: Palette): Geometry {
  const v = snap.viewport;
  const width = gutterOf(snap) + v.width;
  const plotTop = SNAPSHOT_AXIS_HEIGHT;
  const legendTop = plotTop + v.height;
  const placed: Placed[] = [];
  let x = LEGEND_PAD;
  let y = legendTop + LEGEND_PAD;
  for (const item of legendItems(snap.layout, legend, pal)) {
    const w = 18 + measure(item.label, LEGEND_FONT) + 14;
    if (x > LEGEND_PAD && x + w > width - LEGEND_PAD) {
      x = LEGEND_PAD;
      y += LEGEND_ROW;
    }
    placed.push({ item, x, y });
    x += w;
  }
  const captionY = y + LEGEND_ROW + 6;
  return { width, height: captionY + 10, plotTop, legendTop, placed, captionY };
}

/** The axis's title, right-aligned in the gutter at the height of the tick labels (the gutter's top is free). */
function drawAxisTitle(ctx: Ctx2D, title: string, height: number, gutter: number, pal: Palette): void {
  ctx.fillStyle = pal.ink;
  ctx.font = AXIS_TITLE_FONT;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(`${title} →`, gutter - 6, height - 10);
  ctx.textAlign = 'left';
}

/** The step axis, as ./axis draws it in SVG on screen: ticks on whole steps, the cursor marked. */
function drawAxis(ctx: Ctx2D, v: Viewport, cursor: number, height: number, pal: Palette): void {
  const x = scaleLinear().domain([v.s0, v.s1]).range([0, v.width]);
  const ticks = x.ticks(Math.max(2, Math.floor(v.width / 90))).filter((t) => Number.isInteger(t));
  const base = height - 1;
  ctx.fillStyle = pal.ink;
  ctx.fillRect(0, base - 0.5, v.width, 1);
  ctx.font = AXIS_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  for (const t of ticks) {
    const px = x(t);
    if (px < 0 || px > v.width) continue;
    ctx.fillRect(px - 0.5, base - 6, 1, 6);
    // Labels at the plot's edges are kept inside the image instead of cut in half.
    ctx.textAlign = px > v.width - 16 ? 'right' : px < 16 ? 'left' : 'center';
    ctx.fillText(String(t), px, base - 9);
  }
  ctx.textAlign = 'left';
  const cx = x(cursor + CURSOR_AT);
  if (cx >= 0 && cx <= v.width) {
    ctx.fillStyle = pal.cursor;
    ctx.fillRect(cx - 1, 0, 2, height);
  }
}

// The legend's marks stand on the picture's paper, not on a bar: the ones drawn dark inside
// bars take the paper's ink.
function drawMarkGlyph(ctx: Ctx2D, mark: MarkKind, x: number, y: number, pal: Palette): void {
  const mid = y + 7;
  switch (mark) {
    case 'created':
      ctx.fillStyle = pal.ink;
      ctx.fillRect(x + 5, y + 2, 2, 11);
      return;
    case 'destroyed':
      ctx.fillStyle = pal.ink;
      ctx.fillRect(x + 5, y + 2, 3, 11);
      return;
    case 'finalized':
      ctx.beginPath();
      ctx.moveTo(x + 7, mid - 4.5);
      ctx.lineTo(x + 11.5, mid);
      ctx.lineTo(x + 7, mid + 4.5);
      ctx.lineTo(x + 2.5, mid);
      ctx.closePath();
      ctx.fillStyle = pal.finalizer;
      ctx.fill();
      return;
    case 'reused':
      ctx.beginPath();
      ctx.moveTo(x, mid + 4);
      ctx.quadraticCurveTo(x + 7, mid - 6, x + 14, mid + 4);
      ctx.strokeStyle = pal.reuse;
      ctx.lineWidth = 1.25;
      ctx.stroke();
      return;
    case 'refcount':
      ctx.beginPath();
      ctx.moveTo(x, mid + 4);
      ctx.lineTo(x + 5, mid + 4);
      ctx.lineTo(x + 5, mid - 2);
      ctx.lineTo(x + 10, mid - 2);
      ctx.lineTo(x + 10, mid + 1);
      ctx.lineTo(x + 14, mid + 1);
      ctx.strokeStyle = pal.ink;
      ctx.lineWidth = 1.5;
      ctx.stroke();
      return;
  }
}

function drawLegend(ctx: Ctx2D, g: Geometry, caption: string, pal: Palette): void {
  ctx.fillStyle = pal.paper;
  ctx.fillRect(0, g.legendTop, g.width, g.height - g.legendTop);
  ctx.fillStyle = pal.rule;
  ctx.fillRect(0, g.legendTop, g.width, 1);
  ctx.font = LEGEND_FONT;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const { item, x, y } of g.placed) {
    if ('color' in item) {
      ctx.fillStyle = item.color;
      ctx.fillRect(x + 1, y + 2, 12, 10);
    } else {
      drawMarkGlyph(ctx, item.mark, x, y, pal);
    }
    ctx.fillStyle = pal.ink;
    ctx.font = LEGEND_FONT;
    ctx.fillText(item.label, x + 18, y + 7);
  }
  ctx.fillStyle = pal.caption;
  ctx.font = CAPTION_FONT;
  ctx.fillText(caption, LEGEND_PAD, g.captionY);
}

/**
 * The snapshot as an SVG document (vector: bars, marks and text stay sharp at any size).
 * `idPrefix` makes its ids unique among several pictures in one page; `pal` is the light
 * palette but for the first view's dark pictures.
 */
export function snapshotSVG(snap: TimelineSnapshot, legend: SnapshotLegend, measure: MeasureText = defaultMeasure(), idPrefix = '', pal: Palette = LIGHT): string {
  const v = snap.viewport;
  const g = geometry(snap, legend, measure, pal);
  const svg = new SvgContext(measure, idPrefix);
  const ctx = svg.asCanvas();
  const gutter = gutterOf(snap);
  drawAxisTitle(ctx, legend.axis, SNAPSHOT_AXIS_HEIGHT, gutter, pal);
  svg.beginGroup(gutter, 0);
  drawAxis(ctx, v, snap.cursor, SNAPSHOT_AXIS_HEIGHT, pal);
  svg.endGroup();
  svg.beginGroup(0, g.plotTop, { w: gutter, h: v.height });
  drawGutter(ctx, snap.layout, v, gutter, 1, snap.labels, -1, pal);
  svg.endGroup();
  svg.beginGroup(gutter, g.plotTop, { w: v.width, h: v.height });
  drawTimeline(ctx, snap.layout, v, { cursor: snap.cursor, selected: snap.selected, hovered: null, dpr: 1, groupLabels: plotGroupLabels(snap), palette: pal, exitLabel: snap.labels.exit });
  svg.endGroup();
  drawLegend(ctx, g, legend.caption, pal);
  return svg.toSVG(g.width, g.height, snap.scale, `Refscope timeline, ${legend.caption}`, pal.paper);
}

/** The snapshot as a PNG, `pixelRatio` device pixels per CSS pixel (never fewer than `MIN_PNG_RATIO`). */
export async function snapshotPNG(snap: TimelineSnapshot, legend: SnapshotLegend, pixelRatio = MIN_PNG_RATIO): Promise<Blob> {
  const v = snap.viewport;
  const measure = defaultMeasure();
  const g = geometry(snap, legend, measure, LIGHT);
  const r = pngPixelRatio(pixelRatio) * snap.scale;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(g.width * r);
  canvas.height = Math.round(g.height * r);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  ctx.fillStyle = LIGHT.paper;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  // The plot and gutter set their own transform (device pixels), so each gets its own canvas.
  const part = (w: number, h: number, draw: (c: Ctx2D) => void): HTMLCanvasElement => {
    const c = document.createElement('canvas');
    c.width = Math.round(w * r);
    c.height = Math.round(h * r);
    const pctx = c.getContext('2d');
    if (pctx) draw(pctx);
    return c;
  };
  const gutter = gutterOf(snap);
  ctx.drawImage(part(gutter, v.height, (c) => drawGutter(c, snap.layout, v, gutter, r, snap.labels)), 0, Math.round(g.plotTop * r));
  ctx.drawImage(
    part(v.width, v.height, (c) =>
      drawTimeline(c, snap.layout, v, { cursor: snap.cursor, selected: snap.selected, hovered: null, dpr: r, groupLabels: plotGroupLabels(snap), exitLabel: snap.labels.exit }),
    ),
    Math.round(gutter * r),
    Math.round(g.plotTop * r),
  );
  ctx.setTransform(r, 0, 0, r, gutter * r, 0);
  drawAxis(ctx, v, snap.cursor, SNAPSHOT_AXIS_HEIGHT, LIGHT);
  ctx.setTransform(r, 0, 0, r, 0, 0);
  drawAxisTitle(ctx, legend.axis, SNAPSHOT_AXIS_HEIGHT, gutter, LIGHT);
  drawLegend(ctx, g, legend.caption, LIGHT);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))), 'image/png');
  });
}
