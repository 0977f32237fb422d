/**
 * The timeline's framework-free core: owns the canvases, the axis, the zoom and the pointer
 * handling for one mounted timeline. React creates it once on mount and feeds it the layout,
 * cursor and selection; every change only schedules one `requestAnimationFrame` redraw, so
 * zooming, panning and playback never re-render React.
 */
import type { ZoomTransform } from 'd3';
import { renderAxis } from './axis';
import { COMPACT_GUTTER_BELOW, DEFAULT_GUTTER_LABELS, drawGutter, drawOverview, drawTimeline, type DrawStats, type GutterLabels } from './draw';
import type { TimelineLayout } from './layout';
import { LIGHT, type Palette } from './palette';
import { moveLifetime, type LifetimeMove } from './keyboard';
import { createStepZoom, type StepZoom } from './zoom';
import type { TimelineSnapshot } from './snapshot';
import { contentHeight, CURSOR_AT, openingRange, GUTTER_WIDTH, hitTest, OUTPUT_STRIP, ROW_HEIGHT, yToRow, type Hit, type Viewport } from './viewport';

export interface TimelineElements {
  /** The plot container: zoom target, pointer target, keyboard focus. */
  plot: HTMLElement;
  canvas: HTMLCanvasElement;
  gutter: HTMLCanvasElement;
  axis: SVGSVGElement;
  overview: HTMLCanvasElement;
  overviewWindow: HTMLElement;
}

export interface TimelineCallbacks {
  onCursor: (step: number) => void;
  onSelect: (obj: number | null) => void;
  /** Pointer over a lifetime or output tick (null when it leaves); x, y relative to the plot. */
  onHover: (hit: Hit | null, x: number, y: number) => void;
  /** The lifetime the keyboard is on (arrow keys on the focused plot), null when none. */
  onActive?: (obj: number | null) => void;
  /** A lane label was clicked: open that address's block history. */
  onLane?: (lane: number) => void;
}

export const AXIS_HEIGHT = 24;
export const OVERVIEW_HEIGHT = 36;
/** At the deepest zoom one step is this many pixels wide. */
const MAX_PX_PER_STEP = 120;
const FALLBACK_SIZE = { width: 640, height: 260 };

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}

const raf: (cb: () => void) => number =
  typeof requestAnimationFrame === 'function' ? (cb) => requestAnimationFrame(cb) : (cb) => setTimeout(cb, 16) as unknown as number;
const cancelRaf: (id: number) => void = typeof cancelAnimationFrame === 'function' ? (id) => cancelAnimationFrame(id) : (id) => clearTimeout(id);

export class TimelineView {
  private layout: TimelineLayout | null = null;
  private cursor = 0;
  private selected: number | null = null;
  private hovered: number | null = null;
  /** The lifetime picked with the arrow keys (drawn with a focus frame). */
  private active: number | null = null;
  /** Plot size in drawing units (CSS pixels divided by `scale`). */
  private size = { ...FALLBACK_SIZE };
  /** Plot size in CSS pixels: the units of pointer events and of the d3-zoom transform. */
  private cssSize = { ...FALLBACK_SIZE };
  /** CSS pixels per drawing unit: 1 normally, more in presentation mode (bigger rows, bars and labels). */
  private scale = 1;
  private labels: GutterLabels = DEFAULT_GUTTER_LABELS;
  private palette: Palette = LIGHT;
  /** Width of the lane-label gutter in drawing units (narrower on phones). */
  private gutterWidth = GUTTER_WIDTH;
  private pickedLane = -1;
  private dpr = 1;
  private frame = 0;
  private overviewDirty = true;
  private readonly zoom: StepZoom;
  /** The layout a trace opened on and the transform it opened with (see `stillOpened`). */
  private opened: { layout: TimelineLayout; transform: { k: number; x: number; y: number } } | null = null;
  // 2D contexts are taken on the first draw with data, so an empty timeline touches no canvas.
  private contexts: { plot: CanvasRenderingContext2D | null; gutter: CanvasRenderingContext2D | null; overview: CanvasRenderingContext2D | null } | null = null;
  private readonly resizeObserver: ResizeObserver | null;
  private readonly cleanup: Array<() => void> = [];
  /** Stats of the last frame drawn (for tests and the benchmark). */
  lastStats: DrawStats | null = null;

  constructor(
    private readonly el: TimelineElements,
    private readonly cb: TimelineCallbacks,
  ) {
    this.zoom = createStepZoom(el.plot, {
      size: () => this.cssSize,
      contentHeight: () => (this.layout ? contentHeight(this.layout) * this.scale : 0),
      maxScale: () => (this.layout ? (this.layout.steps * MAX_PX_PER_STEP) / Math.max(1, this.size.width) : 1),
      onChange: () => this.invalidate(),
    });
    this.listen(el.plot, 'click', (e) => this.onClick(e as MouseEvent));
    this.listen(el.plot, 'pointermove', (e) => this.onPointerMove(e as PointerEvent));
    this.listen(el.plot, 'pointerleave', () => this.setHover(null, 0, 0));
    this.listen(el.plot, 'keydown', (e) => this.onKey(e as KeyboardEvent));
    this.listen(el.plot, 'blur', () => this.setActive(null));
    this.listen(el.axis, 'click', (e) => this.onAxisClick(e as MouseEvent));
    this.listen(el.gutter, 'click', (e) => this.onGutterClick(e as MouseEvent));
    this.listen(el.overview, 'pointerdown', (e) => this.onOverview(e as PointerEvent));
    this.listen(el.overview, 'pointermove', (e) => {
      if ((e as PointerEvent).buttons & 1) this.onOverview(e as PointerEvent);
    });
    this.resizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.resize()) : null;
    this.resizeObserver?.observe(el.plot);
    this.resize();
  }

  private listen(target: EventTarget, type: string, fn: (e: Event) => void): void {
    target.addEventListener(type, fn);
    this.cleanup.push(() => target.removeEventListener(type, fn));
  }

  setLayout(layout: TimelineLayout | null): void {
    if (layout === this.layout) return;
    const sameTrace = layout && this.layout && layout.trace === this.layout.trace;
    this.layout = layout;
    // Object numbers belong to a trace, and a layout may hide the picked one.
    if (this.active !== null && (!sameTrace || (layout?.objLane[this.active] ?? -1) < 0)) this.setActive(null);
    this.overviewDirty = true;
    if (sameTrace) this.zoom.refresh();
    else if (layout) this.initialView(layout);
    else this.zoom.reset();
    this.invalidate();
  }

  /** A new trace opens on `openingRange` (./viewport). Fit (0) shows everything. */
  private initialView(layout: TimelineLayout): void {
    const range = openingRange(layout, this.size.width);
    if (range) this.zoom.showRange(range[0], range[1], layout.steps);
    else this.zoom.reset();
    this.opened = { layout, transform: this.zoom.transform() };
  }

  /**
   * Whether the timeline still shows the view its trace opened on (nobody has zoomed or
   * panned since): a resize then opens it again for the new width. A trace present when the
   * timeline mounts (the first view's recording) can meet a plot whose width is not final yet
   * (a phone's short lane labels, styles still applying): it opened on 4 steps instead of 30.
   */
  private stillOpened(): boolean {
    const t = this.zoom.transform();
    const o = this.opened;
    return o !== null && o.layout === this.layout && t.k === o.transform.k && t.x === o.transform.x && t.y === o.transform.y;
  }

  /**
   * Draws everything `scale` times larger (rows, bars, labels, axis) in the same space:
   * the view keeps working in drawing units and converts at the edges (pointer, zoom, canvas).
   */
  setScale(scale: number): void {
    const next = Number.isFinite(scale) && scale > 0 ? scale : 1;
    if (next === this.scale) return;
    this.scale = next;
    this.resize();
  }

  /** The gutter's width in drawing units; below `COMPACT_GUTTER_BELOW` its labels are short. */
  setGutterWidth(width: number): void {
    if (width === this.gutterWidth) return;
    this.gutterWidth = width;
    this.resize();
  }

  /** The colour scheme's palette (./palette): the page's light or dark one. */
  setPalette(palette: Palette): void {
    if (palette === this.palette) return;
    this.palette = palette;
    this.overviewDirty = true;
    this.invalidate();
  }

  /** Words drawn on the canvas (group headers, the output strip), in the UI's language. */
  setLabels(labels: GutterLabels): void {
    this.labels = labels;
    this.invalidate();
  }

  setCursor(step: number): void {
    if (step === this.cursor) return;
    this.cursor = step;
    this.invalidate();
  }

  setSelected(obj: number | null): void {
    if (obj === this.selected) return;
    this.selected = obj;
    this.invalidate();
  }

  /** Make sure `step` is on screen, panning (not zooming) when it is outside the visible range. */
  reveal(step: number): void {
    const v = this.viewport();
    if (!v || !this.layout) return;
    if (step >= v.s0 && step + 1 <= v.s1) return;
    this.zoom.centerOn(((step + 0.5) / this.layout.steps) * this.cssSize.width);
  }

  /** Pan so that some of steps [s0, s1) is on screen (to the start of the span when none is). */
  revealSpan(s0: number, s1: number): void {
    const v = this.viewport();
    if (!v || !this.layout) return;
    if (s1 > v.s0 && s0 < v.s1) return;
    this.zoom.centerOn(((s0 + Math.min(s1 - s0, (v.s1 - v.s0) / 2) / 2) / this.layout.steps) * this.cssSize.width);
  }

  /** Scroll the lanes so that `row` is visible. */
  revealRow(row: number): void {
    const v = this.viewport();
    if (!v) return;
    const top = row * ROW_HEIGHT;
    const visible = this.size.height - OUTPUT_STRIP;
    if (top < v.scrollY) this.zoom.scrollBy((top - v.scrollY) * this.scale);
    else if (top + ROW_HEIGHT > v.scrollY + visible) this.zoom.scrollBy((top + ROW_HEIGHT - (v.scrollY + visible)) * this.scale);
  }

  zoomBy(factor: number): void {
    const v = this.viewport();
    const cx = v ? Math.min(Math.max(0, (this.cursor + CURSOR_AT - v.s0) * (v.width / (v.s1 - v.s0))), v.width) * this.scale : undefined;
    this.zoom.scaleBy(factor, cx);
  }

  fit(): void {
    this.zoom.fit();
  }

  /** What is on screen, in drawing units, for the SVG and PNG export (null without a layout). */
  snapshot(): TimelineSnapshot | null {
    const v = this.viewport();
    if (!v || !this.layout) return null;
    return { layout: this.layout, viewport: v, cursor: this.cursor, selected: this.selected, labels: this.labels, scale: this.scale, gutter: this.gutterWidth };
  }

  /** The current pixel mapping, or null without a layout. */
  viewport(): Viewport | null {
    if (!this.layout) return null;
    const t = this.zoom.transform();
    return viewportOf(this.layout, { k: t.k, x: t.x / this.scale, y: t.y / this.scale }, this.size.width, this.size.height);
  }

  resize(): void {
    const cw = this.el.plot.clientWidth || FALLBACK_SIZE.width;
    const ch = this.el.plot.clientHeight || FALLBACK_SIZE.height;
    const k = this.scale;
    this.dpr = (typeof window !== 'undefined' && window.devicePixelRatio) || 1;
    this.cssSize = { width: cw, height: ch };
    const w = cw / k;
    const h = ch / k;
    this.size = { width: w, height: h };
    sizeCanvas(this.el.canvas, w, h, this.dpr, k);
    sizeCanvas(this.el.gutter, this.gutterWidth, h, this.dpr, k);
    sizeCanvas(this.el.overview, w, OVERVIEW_HEIGHT, this.dpr, k);
    this.el.axis.setAttribute('width', String(cw));
    this.el.axis.setAttribute('height', String(AXIS_HEIGHT * k));
    if (k === 1) this.el.axis.removeAttribute('viewBox');
    else this.el.axis.setAttribute('viewBox', `0 0 ${w} ${AXIS_HEIGHT}`);
    this.overviewDirty = true;
    const reopen = this.layout !== null && this.stillOpened();
    if (reopen && this.layout) this.initialView(this.layout);
    else this.zoom.refresh();
    this.invalidate();
  }

  /** Schedules one redraw on the next animation frame (coalescing repeated requests). */
  invalidate(): void {
    if (this.frame) return;
    this.frame = raf(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /**
   * Draws at once instead of on the next animation frame if a redraw is pending and nothing
   * of a trace has been drawn yet: the timeline's first frame with a trace shows it.
   */
  drawFirstNow(): void {
    if (this.contexts || !this.layout || !this.frame) return;
    cancelRaf(this.frame);
    this.frame = 0;
    this.draw();
  }

  /** Draws now (the benchmark and tests call this to time or inspect one frame). */
  draw(): void {
    const layout = this.layout;
    const v = this.viewport();
    if (!layout || !v) {
      this.contexts?.plot?.clearRect(0, 0, this.el.canvas.width, this.el.canvas.height);
      this.contexts?.gutter?.clearRect(0, 0, this.el.gutter.width, this.el.gutter.height);
      this.contexts?.overview?.clearRect(0, 0, this.el.overview.width, this.el.overview.height);
      return;
    }
    const c = (this.contexts ??= { plot: context(this.el.canvas), gutter: context(this.el.gutter), overview: context(this.el.overview) });
    const dpr = this.dpr * this.scale;
    const groupLabels = this.gutterWidth < COMPACT_GUTTER_BELOW ? this.labels : undefined;
    if (c.plot) this.lastStats = drawTimeline(c.plot, layout, v, { cursor: this.cursor, selected: this.selected, hovered: this.hovered, active: this.active, dpr, groupLabels, palette: this.palette, exitLabel: this.labels.exit });
    if (c.gutter) drawGutter(c.gutter, layout, v, this.gutterWidth, dpr, this.labels, this.pickedLane, this.palette);
    if (this.overviewDirty && c.overview) {
      drawOverview(c.overview, layout, v.width, OVERVIEW_HEIGHT, dpr, this.palette);
      this.overviewDirty = false;
    }
    renderAxis(this.el.axis, v, this.cursor, AXIS_HEIGHT);
    this.placeOverviewWindow(layout, v);
  }

  private placeOverviewWindow(layout: TimelineLayout, v: Viewport): void {
    const s = this.el.overviewWindow.style;
    const total = contentHeight(layout);
    const top = Math.max(0, v.scrollY / total);
    const height = Math.min(1, v.height / total);
    s.left = `${(v.s0 / layout.steps) * 100}%`;
    s.width = `${Math.max(0.4, ((v.s1 - v.s0) / layout.steps) * 100)}%`;
    s.top = `${top * 100}%`;
    s.height = `${Math.max(8, height * 100)}%`;
  }

  /** Pointer position relative to `el`, in CSS pixels. */
  private local(e: MouseEvent, el: Element): [number, number] {
    const r = el.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  /** Pointer position relative to `el`, in drawing units. */
  private drawingPoint(e: MouseEvent, el: Element): [number, number] {
    const [x, y] = this.local(e, el);
    return [x / this.scale, y / this.scale];
  }

  private clampStep(step: number): number {
    const last = (this.layout?.trace.steps.line.length ?? 1) - 1;
    return Math.max(0, Math.min(step, Math.max(0, last)));
  }

  private onClick(e: MouseEvent): void {
    const v = this.viewport();
    if (!v || !this.layout) return;
    const [x, y] = this.drawingPoint(e, this.el.plot);
    const hit = hitTest(this.layout, v, x, y);
    if (hit.kind === 'object') this.cb.onSelect(hit.obj);
    this.cb.onCursor(this.clampStep(hit.step));
  }

  private onAxisClick(e: MouseEvent): void {
    const v = this.viewport();
    if (!v) return;
    const [x] = this.drawingPoint(e, this.el.axis);
    this.cb.onCursor(this.clampStep(Math.floor(v.s0 + (x / v.width) * (v.s1 - v.s0))));
  }

  private onGutterClick(e: MouseEvent): void {
    const v = this.viewport();
    if (!v || !this.layout) return;
    const row = yToRow(v, this.drawingPoint(e, this.el.gutter)[1]);
    const lane = row >= 0 && row < this.layout.rowCount ? (this.layout.rowLane[row] ?? -1) : -1;
    if (lane >= 0) this.cb.onLane?.(lane);
  }

  /** The lane label the keyboard is on (the lane labels' own ↑/↓), framed in the gutter; -1 none. */
  setPickedLane(lane: number): void {
    if (lane === this.pickedLane) return;
    this.pickedLane = lane;
    if (lane >= 0 && this.layout) this.revealRow(this.layout.laneRow[lane] ?? 0);
    this.invalidate();
  }

  private onPointerMove(e: PointerEvent): void {
    const v = this.viewport();
    if (!v || !this.layout) return;
    const [x, y] = this.local(e, this.el.plot);
    const hit = hitTest(this.layout, v, x / this.scale, y / this.scale);
    this.setHover(hit.kind === 'object' || hit.kind === 'output' ? hit : null, x, y);
  }

  private setHover(hit: Hit | null, x: number, y: number): void {
    const obj = hit?.kind === 'object' ? hit.obj : null;
    if (obj !== this.hovered) {
      this.hovered = obj;
      this.invalidate();
    }
    this.cb.onHover(hit, x, y);
  }

  private setActive(obj: number | null): void {
    if (obj === this.active) return;
    this.active = obj;
    this.invalidate();
    this.cb.onActive?.(obj);
  }

  /**
   * ↑/↓ pick a lifetime (lane above or below); once one is picked, ←/→, Home and End move
   * along its address and Enter selects it. Without one, ←/→/Home/End and Shift+arrows are
   * left to the page's stepping keys, and Escape to the page (it leaves presentation mode).
   */
  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const layout = this.layout;
    const moves: Record<string, LifetimeMove> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', Home: 'first', End: 'last' };
    const move = e.shiftKey ? undefined : moves[e.key];
    if (e.key === '+' || e.key === '=') this.zoomBy(1.6);
    else if (e.key === '-' || e.key === '_') this.zoomBy(1 / 1.6);
    else if (e.key === '0' || e.key === 'f') this.fit();
    else if (move && layout && (this.active !== null || move === 'up' || move === 'down')) {
      const obj = moveLifetime(layout, this.active, move, this.cursor);
      this.setActive(obj);
      if (obj !== null) {
        this.revealRow(layout.laneRow[layout.objLane[obj] ?? 0] ?? 0);
        this.revealSpan(layout.objStart[obj] ?? 0, layout.objEnd[obj] ?? 0);
      }
    } else if (e.key === 'Enter' && this.active !== null && layout) {
      this.cb.onSelect(this.active);
      this.cb.onCursor(this.clampStep(layout.objStart[this.active] ?? 0));
    } else if (e.key === 'Escape' && this.active !== null) this.setActive(null);
    else return;
    e.preventDefault();
  }

  private onOverview(e: PointerEvent): void {
    const layout = this.layout;
    const v = this.viewport();
    if (!layout || !v) return;
    const [x, y] = this.local(e, this.el.overview);
    this.zoom.centerOn(x);
    const wanted = (y / (OVERVIEW_HEIGHT * this.scale)) * contentHeight(layout) - v.height / 2;
    this.zoom.scrollBy((wanted - v.scrollY) * this.scale);
  }

  destroy(): void {
    if (this.frame) cancelRaf(this.frame);
    this.resizeObserver?.disconnect();
    for (const fn of this.cleanup) fn();
    this.zoom.destroy();
  }
}

/** The viewport a zoom transform shows: k = 1 and x = 0 is the whole trace across `width`. */
export function viewportOf(layout: TimelineLayout, t: Pick<ZoomTransform, 'k' | 'x' | 'y'>, width: number, height: number): Viewport {
  const stepsPerPx = layout.steps / Math.max(1, width);
  // `+ 0` turns -0 (from negating a zero translation) into 0.
  const s0 = (-t.x / t.k) * stepsPerPx + 0;
  const s1 = s0 + layout.steps / t.k;
  return { width, height, s0, s1, scrollY: -t.y + 0 };
}

/** Sizes a canvas for `w` × `h` drawing units shown at `scale` CSS pixels each. */
function sizeCanvas(canvas: HTMLCanvasElement, w: number, h: number, dpr: number, scale = 1): void {
  const bw = Math.round(w * dpr * scale);
  const bh = Math.round(h * dpr * scale);
  if (canvas.width !== bw) canvas.width = bw;
  if (canvas.height !== bh) canvas.height = bh;
  canvas.style.width = `${w * scale}px`;
  canvas.style.height = `${h * scale}px`;
}
