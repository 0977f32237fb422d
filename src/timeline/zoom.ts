/**
 * d3-zoom for the timeline, in one place: the wheel, pinch and keyboard zoom the step axis;
 * dragging pans steps and scrolls lanes; shift+wheel scrolls lanes. The transform's scale and
 * x map steps to pixels (k = 1 shows the whole trace); its y is the lane scroll, kept as is
 * whenever the scale changes so that zooming never jumps the lanes vertically.
 */
import { select, zoom as d3zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type Selection, type ZoomBehavior, type ZoomTransform } from 'd3';

export interface StepZoomOptions {
  /** Plot size in CSS pixels. */
  size: () => { width: number; height: number };
  /** Total height of the lanes (scrolling stops at the last one). */
  contentHeight: () => number;
  /** Largest zoom factor (k = 1 fits the whole trace). */
  maxScale: () => number;
  onChange: (t: ZoomTransform) => void;
}

export interface StepZoom {
  behavior: ZoomBehavior<HTMLElement, unknown>;
  /** Multiply the scale around x (CSS px in the plot), or around the middle. */
  scaleBy(factor: number, x?: number): void;
  /** Show the whole trace (keeping the lane scroll). */
  fit(): void;
  /** Show the whole trace from the first lane (a new trace). */
  reset(): void;
  /** Show steps [s0, s1) of a trace of `steps` steps, lanes scrolled to the top. */
  showRange(s0: number, s1: number, steps: number): void;
  /** Scroll the lanes by dy pixels. */
  scrollBy(dy: number): void;
  /** Pan so that step-axis pixel x (at k = 1) sits in the middle of the plot. */
  centerOn(x0: number): void;
  /** Re-apply constraints after a resize or a new layout. */
  refresh(): void;
  transform(): ZoomTransform;
  destroy(): void;
}

export function createStepZoom(target: HTMLElement, opts: StepZoomOptions): StepZoom {
  const sel: Selection<HTMLElement, unknown, null, undefined> = select(target);
  let lastK = 1;
  let lastY = 0;

  const clampY = (y: number): number => {
    const { height } = opts.size();
    const maxScroll = Math.max(0, opts.contentHeight() - height);
    return Math.min(0, Math.max(-maxScroll, y));
  };

  const behavior = d3zoom<HTMLElement, unknown>()
    .scaleExtent([1, Math.max(1, opts.maxScale())])
    .extent(() => {
      const { width, height } = opts.size();
      return [
        [0, 0],
        [width, height],
      ];
    })
    .clickDistance(4)
    // Default filter (no right button, ctrl only for pinch-wheel) minus shift+wheel, which scrolls lanes.
    .filter((event: Event & { ctrlKey?: boolean; button?: number; shiftKey?: boolean }) => {
      if (event.type === 'wheel' && event.shiftKey) return false;
      return (!event.ctrlKey || event.type === 'wheel') && !event.button;
    })
    .constrain((t, extent) => {
      const w = extent[1][0] - extent[0][0];
      const x = Math.min(0, Math.max(w - w * t.k, t.x));
      const y = clampY(t.k !== lastK ? lastY : t.y);
      return zoomIdentity.translate(x, y).scale(t.k);
    })
    .on('zoom', (event: D3ZoomEvent<HTMLElement, unknown>) => {
      lastK = event.transform.k;
      lastY = event.transform.y;
      opts.onChange(event.transform);
    });

  sel.call(behavior).on('dblclick.zoom', null);

  const onWheel = (event: WheelEvent): void => {
    if (!event.shiftKey) return;
    event.preventDefault();
    const delta = event.deltaY || event.deltaX;
    api.scrollBy(delta * (event.deltaMode === 1 ? 16 : 1));
  };
  target.addEventListener('wheel', onWheel, { passive: false });

  /** Sets an explicit transform, clamped like a gesture would be (zoom.transform does not constrain). */
  const set = (k: number, x: number, y: number): void => {
    const { width } = opts.size();
    const maxK = Math.max(1, opts.maxScale());
    behavior.scaleExtent([1, maxK]);
    const kk = Math.min(Math.max(1, k), maxK);
    const xx = Math.min(0, Math.max(width - width * kk, x));
    behavior.transform(sel, zoomIdentity.translate(xx, clampY(y)).scale(kk));
  };

  const api: StepZoom = {
    behavior,
    scaleBy(factor, x) {
      const { width, height } = opts.size();
      behavior.scaleBy(sel, factor, [x ?? width / 2, height / 2]);
    },
    fit() {
      set(1, 0, api.transform().y);
    },
    reset() {
      set(1, 0, 0);
    },
    showRange(s0, s1, steps) {
      const { width } = opts.size();
      const k = steps / Math.max(1e-9, s1 - s0);
      set(k, -(s0 / steps) * width * k, 0);
    },
    scrollBy(dy) {
      const t = api.transform();
      set(t.k, t.x, t.y - dy);
    },
    centerOn(x0) {
      const t = api.transform();
      const { width } = opts.size();
      set(t.k, width / 2 - x0 * t.k, t.y);
    },
    refresh() {
      const t = api.transform();
      set(t.k, t.x, t.y);
    },
    transform() {
      return zoomTransform(target);
    },
    destroy() {
      target.removeEventListener('wheel', onWheel);
      sel.on('.zoom', null);
    },
  };
  return api;
}
