/**
 * Trace → lanes: one lane per memory address, the lifetimes at that address in order, and
 * the "reused" links between successive lifetimes in a lane. Computed once per trace and
 * options (memoized), in step units; zooming and panning only change the pixel mapping
 * applied at draw time, never this.
 */
import { exitStart, objectOrigin, typeOrdinals } from '../trace/lifetimes';
import { lifetimeSpans, refcountSummary, reuseLinks } from '../trace/model';
import type { TraceData } from '../trace/types';
import { stepCount } from '../trace/query';

/** Lane order within a group: most lifetimes first (the reused addresses), by first use, or by address. */
export type LaneSort = 'reuse' | 'first-use' | 'address';

export interface LayoutOptions {
  sort: LaneSort;
  /** Include objects hidden by default (temporaries never bound to a name). */
  showAll: boolean;
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = { sort: 'reuse', showAll: false };

/**
 * Lanes are grouped: objects the run created first, then objects that existed before it
 * (modules, constants: counted and freeable), then immortal ones (refcount never changes).
 */
export const LaneGroup = { run: 0, preexisting: 1, immortal: 2 } as const;
export type LaneGroup = (typeof LaneGroup)[keyof typeof LaneGroup];

export interface GroupHeader {
  row: number;
  group: LaneGroup;
  lanes: number;
}

export interface TimelineLayout {
  trace: TraceData;
  options: LayoutOptions;
  /** The x domain is [0, steps]: step k occupies [k, k + 1). */
  steps: number;
  /** Where Python's exit starts, after the program's last line (trace/lifetimes exitStart), or -1. */
  exitStep: number;
  laneCount: number;
  laneAddress: Uint32Array;
  laneGroup: Uint8Array;
  /** Row of each lane; group headers take rows of their own. */
  laneRow: Int32Array;
  /** CSR: lane l holds `laneObjects[laneStart[l] .. laneStart[l + 1])`, sorted by start step. */
  laneStart: Int32Array;
  laneObjects: Int32Array;
  rowCount: number;
  /** Lane shown on each row, -1 for a group header row. */
  rowLane: Int32Array;
  headers: GroupHeader[];
  /** Per object: its lane, or -1 when hidden by the options. */
  objLane: Int32Array;
  /** Per object: [start, end) in steps. */
  objStart: Int32Array;
  objEnd: Int32Array;
  /** Per object: the previous lifetime in the same lane (the object whose address it reused), or -1. */
  objPrev: Int32Array;
  /** Per object: the next lifetime in the same lane, or -1. */
  objNext: Int32Array;
  /** Per object: its largest refcount sample (0 when never sampled). */
  objMaxRefcount: Int32Array;
  /** Per object: index of its type's colour (order of first appearance among shown objects). */
  objColor: Uint8Array;
  /** Type string index → colour index. */
  typeColors: Map<number, number>;
  /** Shown objects in timeline order (lane by lane). */
  shown: Int32Array;
  /** Number of reuse links (lifetimes that took an address after another one). */
  reuseCount: number;
}

const cache = new WeakMap<TraceData, Map<string, TimelineLayout>>();

/** The layout of `t` for `options`, computed on first request and memoized per trace. */
export function layoutTimeline(t: TraceData, options: LayoutOptions = DEFAULT_LAYOUT_OPTIONS): TimelineLayout {
  const key = `${options.sort}|${options.showAll ? 1 : 0}`;
  let perTrace = cache.get(t);
  if (!perTrace) {
    perTrace = new Map();
    cache.set(t, perTrace);
  }
  const hit = perTrace.get(key);
  if (hit) return hit;
  const layout = computeLayout(t, options);
  // Bar labels need the per-type ordinals: compute them now, not in the middle of a zoom frame.
  typeOrdinals(t);
  perTrace.set(key, layout);
  return layout;
}

function firstSample(t: TraceData, obj: number): number {
  const i = t.refcounts.start[obj] ?? 0;
  const end = t.refcounts.start[obj + 1] ?? i;
  return i < end ? (t.refcounts.step[i] ?? 0) : 0;
}

function computeLayout(t: TraceData, options: LayoutOptions): TimelineLayout {
  const n = t.objects.address.length;
  const steps = Math.max(1, stepCount(t));
  const objLane = new Int32Array(n).fill(-1);
  const objColor = new Uint8Array(n);
  // Spans, reuse links and refcount extremes are facts of the trace (trace/model), shared read-only.
  const { start: objStart, end: objEnd, creationOrder } = lifetimeSpans(t);
  const links = reuseLinks(t, options.showAll);
  const shownList = Array.from(links.order);
  const addr = t.objects.address;

  // Group the sorted list into lanes.
  interface LaneBuild {
    address: number;
    from: number;
    to: number;
    group: LaneGroup;
    firstUse: number;
  }
  const lanes: LaneBuild[] = [];
  for (let i = 0; i < shownList.length; ) {
    const a = addr[shownList[i] ?? 0] ?? 0;
    let j = i;
    let allOld = true;
    let allImmortal = true;
    let firstUse = Infinity;
    while (j < shownList.length && addr[shownList[j] ?? 0] === a) {
      const o = shownList[j] ?? 0;
      const origin = objectOrigin(t, o);
      if (origin === 'run') allOld = false;
      if (origin !== 'immortal') allImmortal = false;
      const use = (t.objects.born[o] ?? -1) >= 0 ? (objStart[o] ?? 0) : firstSample(t, o);
      if (use < firstUse) firstUse = use;
      j++;
    }
    lanes.push({ address: a, from: i, to: j, group: !allOld ? LaneGroup.run : allImmortal ? LaneGroup.immortal : LaneGroup.preexisting, firstUse });
    i = j;
  }
  lanes.sort((x, y) => {
    if (x.group !== y.group) return x.group - y.group;
    if (options.sort === 'reuse' && x.to - x.from !== y.to - y.from) return y.to - y.from - (x.to - x.from);
    if (options.sort !== 'address' && x.firstUse !== y.firstUse) return x.firstUse - y.firstUse;
    return x.address - y.address;
  });

  const laneCount = lanes.length;
  const laneAddress = new Uint32Array(laneCount);
  const laneGroup = new Uint8Array(laneCount);
  const laneRow = new Int32Array(laneCount);
  const laneStart = new Int32Array(laneCount + 1);
  const laneObjects = new Int32Array(shownList.length);
  const headers: GroupHeader[] = [];
  const rowLaneList: number[] = [];
  let k = 0;
  lanes.forEach((lane, l) => {
    if (l === 0 || lanes[l - 1]?.group !== lane.group) {
      const count = lanes.filter((x) => x.group === lane.group).length;
      headers.push({ row: rowLaneList.length, group: lane.group, lanes: count });
      rowLaneList.push(-1);
    }
    laneAddress[l] = lane.address;
    laneGroup[l] = lane.group;
    laneRow[l] = rowLaneList.length;
    rowLaneList.push(l);
    laneStart[l] = k;
    for (let i = lane.from; i < lane.to; i++) {
      const o = shownList[i] ?? 0;
      laneObjects[k++] = o;
      objLane[o] = l;
    }
  });
  laneStart[laneCount] = k;

  // Colours by type in order of first appearance along the timeline.
  const typeColors = new Map<number, number>();
  const byStart = creationOrder ? shownList : Array.from(laneObjects).sort((a, b) => (objStart[a] ?? 0) - (objStart[b] ?? 0) || a - b);
  // Type string index → colour + 1 (0: not seen yet), on a typed array: a Map lookup per object cost ~0.1 s at 400,000 objects.
  const seen = new Int32Array(t.strings.length + 1);
  const colorOf = (o: number): void => {
    const type = t.objects.type[o] ?? 0;
    const known = type >= 0 && type < seen.length;
    let c = known ? (seen[type] ?? 0) : (typeColors.get(type) ?? -1) + 1;
    if (!c) {
      c = typeColors.size + 1;
      typeColors.set(type, c - 1);
      if (known) seen[type] = c;
    }
    objColor[o] = (c - 1) & 255;
  };
  if (creationOrder) {
    for (let o = 0; o < n; o++) if ((objLane[o] ?? -1) >= 0) colorOf(o);
  } else for (const o of byStart) colorOf(o);

  return {
    trace: t,
    options,
    steps,
    exitStep: exitStart(t),
    laneCount,
    laneAddress,
    laneGroup,
    laneRow,
    laneStart,
    laneObjects,
    rowCount: rowLaneList.length,
    rowLane: Int32Array.from(rowLaneList),
    headers,
    objLane,
    objStart,
    objEnd,
    objPrev: links.prev,
    objNext: links.next,
    objMaxRefcount: refcountSummary(t).max,
    objColor,
    typeColors,
    shown: laneObjects,
    reuseCount: links.count,
  };
}

/** Index into `laneObjects` of the first lifetime in `lane` that may overlap step `s` or later. */
export function firstInLane(layout: TimelineLayout, lane: number, s: number): number {
  const from = layout.laneStart[lane] ?? 0;
  const to = layout.laneStart[lane + 1] ?? from;
  const { laneObjects, objStart, objEnd } = layout;
  let lo = from;
  let hi = to;
  // First lifetime starting after s; the one before it may still cover s.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((objStart[laneObjects[mid] ?? 0] ?? 0) <= s) lo = mid + 1;
    else hi = mid;
  }
  let i = lo;
  // Lifetimes in a lane rarely overlap (one address, one live object); step back while they do.
  for (let guard = 0; i > from && guard < 64; guard++) {
    if ((objEnd[laneObjects[i - 1] ?? 0] ?? 0) > s) i--;
    else break;
  }
  return i;
}
