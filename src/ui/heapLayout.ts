/**
 * Pixel geometry of the heap view, laid out in layers as Python Tutor draws a heap: frames in
 * a column on the left (globals on top, then each function frame in call order, so a frame
 * keeps its row while it is on the stack), then each object at its column and row
 * (trace/heapPlace: a column per distance from the names, places kept from step to step).
 * Arrows leave the holder on the side facing their target, end on the target's nearest side,
 * and share a side by spreading along it, so that arrowheads and labels do not pile up.
 * Fixed-size boxes keep arrows a matter of arithmetic: nothing is measured in the DOM.
 */
import type { HeapScene } from '../trace/heap';
import type { HeapPlaces } from '../trace/heapPlace';

export interface HeapMetrics {
  frameWidth: number;
  header: number;
  row: number;
  /** Widest and narrowest a box gets: boxes narrow so that three columns fit beside the frames. */
  boxWidth: number;
  minBoxWidth: number;
  boxHeight: number;
  /** Between rows of boxes. */
  gap: number;
  /** Between columns of boxes, where the labels sit. */
  colGap: number;
  /** Between the frames and the first column. */
  frameGap: number;
  /** Width of one character of a label (monospace), for its halo. */
  charWidth: number;
}

export const METRICS: HeapMetrics = {
  frameWidth: 96,
  header: 22,
  row: 22,
  boxWidth: 168,
  minBoxWidth: 118,
  boxHeight: 96,
  gap: 22,
  colGap: 50,
  frameGap: 34,
  charWidth: 6.7,
};

/** Larger marks for presentation mode. */
export function scaled(m: HeapMetrics, k: number): HeapMetrics {
  const out = { ...m };
  for (const key of Object.keys(out) as Array<keyof HeapMetrics>) out[key] = m[key] * k;
  return out;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface HeapArrowGeometry {
  from: string;
  label: string;
  to: number;
  frame?: number;
  d: string;
  /** Where the arrow starts (a name's dot, or the holder's side). */
  sx: number;
  sy: number;
  /** The label's anchor point and alignment, near the start; `lw` its width, for the halo. */
  lx: number;
  ly: number;
  anchor: 'start' | 'end';
  lw: number;
}

export interface HeapGeometry {
  /** Per frame (same order as `scene.frames` sorted for display): its card. */
  frames: Array<{ index: number; rect: Rect; rows: Array<{ name: string; obj: number; y: number }> }>;
  boxes: Map<number, Rect>;
  arrows: HeapArrowGeometry[];
  width: number;
  height: number;
}

/** Frames in display order: globals first, then by depth (the call order). */
export function displayFrames(scene: HeapScene): number[] {
  return scene.frames.map((_, i) => i).sort((a, b) => (scene.frames[a]?.depth ?? 0) - (scene.frames[b]?.depth ?? 0));
}

type Side = 'left' | 'right' | 'top' | 'bottom';

/** One end of an arrow on a box's side; `toward` is the other end's coordinate along that side. */
interface Port {
  obj: number;
  side: Side;
  toward: number;
  at: { x: number; y: number };
}

/** Spreads the ports sharing a box's side along it, in the order of what they point toward. */
function placePorts(ports: Port[], boxes: Map<number, Rect>): void {
  const groups = new Map<string, Port[]>();
  for (const p of ports) {
    const key = `${p.obj}:${p.side}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  for (const g of groups.values()) {
    const first = g[0];
    const r = first ? boxes.get(first.obj) : undefined;
    if (!first || !r) continue;
    const vertical = first.side === 'left' || first.side === 'right';
    const lo = vertical ? r.y : r.x;
    const len = vertical ? r.h : r.w;
    const margin = Math.min(14, len / 4);
    g.sort((a, b) => a.toward - b.toward);
    g.forEach((p, i) => {
      // One arrow on a side points straight at what it joins; several share the side evenly.
      const along = g.length === 1 ? Math.min(lo + len - margin, Math.max(lo + margin, p.toward)) : lo + (len * (i + 1)) / (g.length + 1);
      const across = first.side === 'left' ? r.x : first.side === 'right' ? r.x + r.w : first.side === 'top' ? r.y : r.y + r.h;
      p.at = vertical ? { x: across, y: along } : { x: along, y: across };
    });
  }
}

const port = (obj: number, side: Side, toward: number): Port => ({ obj, side, toward, at: { x: 0, y: 0 } });

/** A curve leaving and entering horizontally (`dir` 1: rightward, -1: leftward). */
function sideways(s: { x: number; y: number }, e: { x: number; y: number }, dir: number): string {
  const k = Math.max(18, Math.abs(e.x - s.x) * 0.45);
  return `M${s.x},${s.y} C${s.x + dir * k},${s.y} ${e.x - dir * k},${e.y} ${e.x},${e.y}`;
}

/** Lays out a scene in a view `width` pixels wide, each object at its place. */
export function layoutHeap(scene: HeapScene, places: HeapPlaces, width: number, m: HeapMetrics = METRICS): HeapGeometry {
  const frames: HeapGeometry['frames'] = [];
  // Room above the first row for a self-reference's loop and a label.
  const top = 16;
  let y = top;
  for (const i of displayFrames(scene)) {
    const f = scene.frames[i];
    if (!f) continue;
    const h = m.header + Math.max(1, f.names.length) * m.row;
    const rows = f.names.map((n, k) => ({ name: n.name, obj: n.obj, y: y + m.header + k * m.row + m.row / 2 }));
    frames.push({ index: i, rect: { x: 0, y, w: m.frameWidth, h }, rows });
    y += h + m.gap / 2;
  }
  const framesHeight = Math.max(0, y - m.gap / 2);

  // Box width depends on the trace's column count and the view, never on the step: boxes stay put.
  const left = m.frameWidth + m.frameGap;
  const fit = Math.min(3, Math.max(1, places.columns));
  const room = (width - left - (fit - 1) * m.colGap - 8) / fit;
  const boxWidth = Math.max(m.minBoxWidth, Math.min(m.boxWidth, room));
  const col = (o: number) => Math.max(0, places.column[o] ?? 0);
  // Rows with no box drawn are skipped, so that a sparse page of places does not leave holes.
  const usedRows = [...new Set(scene.boxes.map((b) => places.row[b.obj] ?? 0))].sort((a, b) => a - b);
  const rowOf = new Map(usedRows.map((r, k) => [r, k]));
  const boxes = new Map<number, Rect>();
  for (const b of scene.boxes) {
    const row = rowOf.get(places.row[b.obj] ?? 0) ?? 0;
    boxes.set(b.obj, { x: left + col(b.obj) * (boxWidth + m.colGap), y: top + row * (m.boxHeight + m.gap), w: boxWidth, h: m.boxHeight });
  }
  const cy = (r: Rect) => r.y + r.h / 2;
  const cx = (r: Rect) => r.x + r.w / 2;

  type Pending = { from: string; label: string; to: number; frame?: number; s: Port | { at: { x: number; y: number } }; e: Port; route: 'name' | 'right' | 'left' | 'down' | 'up' | 'around' };
  const pending: Pending[] = [];
  const ports: Port[] = [];
  const dot = m.frameWidth - 8;
  for (const f of frames) {
    const frame = scene.frames[f.index];
    for (const r of f.rows) {
      const to = boxes.get(r.obj);
      if (!to) continue;
      const e = port(r.obj, 'left', r.y);
      ports.push(e);
      pending.push({ from: `name:${r.name}`, label: '', to: r.obj, frame: frame?.frame, s: { at: { x: dot, y: r.y } }, e, route: 'name' });
    }
  }
  const address = new Map(scene.boxes.map((b) => [b.obj, String(b.address)]));
  const selfLoops: HeapScene['arrows'] = [];
  for (const a of scene.arrows) {
    const h = boxes.get(a.holder);
    const t = boxes.get(a.target);
    if (!h || !t) continue;
    if (a.holder === a.target) {
      selfLoops.push(a);
      continue;
    }
    const from = address.get(a.holder) ?? '';
    let s: Port;
    let e: Port;
    let route: Pending['route'];
    if (t.x > h.x + h.w) {
      [s, e, route] = [port(a.holder, 'right', cy(t)), port(a.target, 'left', cy(h)), 'right'];
    } else if (t.x + t.w < h.x) {
      [s, e, route] = [port(a.holder, 'left', cy(t)), port(a.target, 'right', cy(h)), 'left'];
    } else {
      // Same column: straight down or up past no other box, else round the right-hand side.
      const [y0, y1] = h.y < t.y ? [h.y, t.y] : [t.y, h.y];
      const between = [...boxes.values()].some((r) => r !== h && r !== t && r.x === h.x && r.y > y0 && r.y < y1);
      if (between) [s, e, route] = [port(a.holder, 'right', cy(t)), port(a.target, 'right', cy(h)), 'around'];
      else if (h.y < t.y) [s, e, route] = [port(a.holder, 'bottom', cx(t) + 1), port(a.target, 'top', cx(h) + 1), 'down'];
      else [s, e, route] = [port(a.holder, 'top', cx(t) - 1), port(a.target, 'bottom', cx(h) - 1), 'up'];
    }
    ports.push(s, e);
    pending.push({ from, label: a.label, to: a.target, s, e, route });
  }
  placePorts(ports, boxes);

  // The horizontal gaps between rows of boxes (and above the first and below the last).
  const gaps = [top - m.gap / 2, ...usedRows.map((_, k) => top + (k + 1) * (m.boxHeight + m.gap) - m.gap / 2)];
  const corridor = (y: number) => gaps.reduce((best, g) => (Math.abs(g - y) < Math.abs(best - y) ? g : best), gaps[0] ?? 0);

  // Arrows that share a gap each get their own track in it, spread around the gap's middle,
  // so two references passing the same row of boxes never draw over each other.
  const viaGap = (p: (typeof pending)[number]): number | null => {
    if (p.route !== 'name' && p.route !== 'right') return null;
    const firstPassed = p.route === 'name' ? left : p.s.at.x + m.colGap;
    return p.e.at.x - firstPassed > boxWidth ? corridor(p.e.at.y) : null;
  };
  const sharing = new Map<number, Array<(typeof pending)[number]>>();
  for (const p of pending) {
    const g = viaGap(p);
    if (g !== null) sharing.set(g, [...(sharing.get(g) ?? []), p]);
  }
  const track = new Map<(typeof pending)[number], number>();
  for (const [g, users] of sharing) {
    // Upper tracks for arrows that start higher, so that tracks do not cross on the way in.
    users.sort((a, b) => a.s.at.y - b.s.at.y || a.e.at.x - b.e.at.x);
    const step = Math.min(5, (m.gap - 6) / Math.max(1, users.length));
    users.forEach((p, k) => track.set(p, g + (k - (users.length - 1) / 2) * step));
  }

  const arrows: HeapArrowGeometry[] = [];
  for (const p of pending) {
    const s = p.s.at;
    const e = p.e.at;
    let d: string;
    let lx = s.x + 5;
    let ly = s.y - 4;
    let anchor: 'start' | 'end' = 'start';
    if (p.route === 'name' || p.route === 'right') {
      // Past a column of boxes (a name to a deeper object, or a reference skipping a column):
      // along the gap between rows nearest the target, never behind a box.
      const firstPassed = p.route === 'name' ? left : s.x + m.colGap;
      const g = track.get(p);
      if (g !== undefined) {
        const x1 = firstPassed - 6;
        const x2 = e.x - m.colGap / 2;
        d = `${sideways(s, { x: x1, y: g }, 1)} L${x2},${g} ${sideways({ x: x2, y: g }, e, 1).replace(/^M[^C]*/, '')}`;
      } else d = sideways(s, e, 1);
    }
    else if (p.route === 'left') {
      d = sideways(s, e, -1);
      lx = s.x - 5;
      anchor = 'end';
    } else if (p.route === 'around') {
      const b = m.colGap * 0.75;
      d = `M${s.x},${s.y} C${s.x + b},${s.y} ${e.x + b},${e.y} ${e.x},${e.y}`;
    } else {
      const k = Math.max(8, Math.abs(e.y - s.y) * 0.4) * (p.route === 'down' ? 1 : -1);
      d = `M${s.x},${s.y} C${s.x},${s.y + k} ${e.x},${e.y - k} ${e.x},${e.y}`;
      lx = s.x + 4;
      ly = p.route === 'down' ? s.y + m.charWidth * 1.8 : s.y - 4;
    }
    arrows.push({ from: p.from, label: p.label, to: p.to, frame: p.frame, d, sx: s.x, sy: s.y, lx, ly, anchor, lw: p.label.length * m.charWidth + 4 });
  }
  for (const a of selfLoops) {
    const h = boxes.get(a.holder);
    if (!h) continue;
    // A reference to itself: a loop over the box's top right corner.
    const x = h.x + h.w - 16;
    const d = `M${x},${h.y} C${x},${h.y - 26} ${h.x + h.w + 26},${h.y + 16} ${h.x + h.w},${h.y + 16}`;
    arrows.push({ from: address.get(a.holder) ?? '', label: a.label, to: a.target, d, sx: x, sy: h.y, lx: h.x + h.w + 4, ly: h.y - 6, anchor: 'start', lw: a.label.length * m.charWidth + 4 });
  }

  let right = m.frameWidth;
  let bottom = framesHeight;
  for (const r of boxes.values()) {
    right = Math.max(right, r.x + r.w + m.colGap);
    bottom = Math.max(bottom, r.y + r.h);
  }
  for (const a of arrows) if (a.label) right = Math.max(right, a.anchor === 'start' ? a.lx + a.lw : a.lx);
  return { frames, boxes, arrows, width: right, height: bottom + m.gap };
}
