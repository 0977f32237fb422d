/**
 * The per-object facts every view derives from a trace, computed here once per trace and
 * memoized on it: each lifetime's span in steps, its refcount extremes, and the reuse links
 * between successive lifetimes at one address. The timeline's lanes, the narration, the
 * stepping story and the objects table all read these, so the timeline and the table can
 * never disagree about which object took whose address.
 */
import { lifetimeEnd, lifetimeStart, objectsByBirth } from './lifetimes';
import { isShownByDefault } from './query';
import type { TraceData } from './types';
import { shareIndex } from './memo';

/** Per object: the steps it occupies on the timeline, `[start, end)`. */
export interface LifetimeSpans {
  /** First step (0 for objects that existed before the run). */
  start: Int32Array;
  /** Step just past the last one (the trace's end when the object never died). */
  end: Int32Array;
  /** Objects are listed in order of their start step (true for every recorded trace). */
  creationOrder: boolean;
}

/** Per object: the smallest and largest refcount sampled (both 0 when never sampled). */
export interface RefcountSummary {
  min: Int32Array;
  max: Int32Array;
}

/**
 * The lifetimes at each address in order: the objects sorted by address, then start step
 * (then index), and the links between neighbours at one address.
 */
export interface ReuseLinks {
  /** The objects included (shown by default, or all), by address, then start step, then index. */
  order: Int32Array;
  /** Per object: the previous lifetime at its address (whose block it took), or -1 (also when excluded). */
  prev: Int32Array;
  /** Per object: the next lifetime at its address, or -1. */
  next: Int32Array;
  /** Number of links: lifetimes that took an address after another one. */
  count: number;
}

interface Model {
  spans?: LifetimeSpans;
  refcounts?: RefcountSummary;
  shown?: ReuseLinks;
  all?: ReuseLinks;
  occupant?: Int32Array;
  shownByBirth?: Int32Array;
  allByBirth?: Int32Array;
}

const models = new WeakMap<TraceData, Model>();
shareIndex('model', models);

function model(t: TraceData): Model {
  let m = models.get(t);
  if (!m) models.set(t, (m = {}));
  return m;
}

/** Every object's span in steps. Read-only: shared by every caller. */
export function lifetimeSpans(t: TraceData): LifetimeSpans {
  const m = model(t);
  if (m.spans) return m.spans;
  const n = t.objects.address.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  let creationOrder = true;
  for (let o = 0; o < n; o++) {
    start[o] = lifetimeStart(t, o);
    end[o] = lifetimeEnd(t, o);
    if (o > 0 && (start[o] ?? 0) < (start[o - 1] ?? 0)) creationOrder = false;
  }
  return (m.spans = { start, end, creationOrder });
}

/** Every object's refcount extremes. Read-only: shared by every caller. */
export function refcountSummary(t: TraceData): RefcountSummary {
  const m = model(t);
  if (m.refcounts) return m.refcounts;
  const n = t.objects.address.length;
  const min = new Int32Array(n);
  const max = new Int32Array(n);
  const { start, value } = t.refcounts;
  for (let o = 0; o < n; o++) {
    const from = start[o] ?? 0;
    const to = start[o + 1] ?? from;
    if (to <= from) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const v = value[i] ?? 0;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[o] = lo;
    max[o] = hi;
  }
  return (m.refcounts = { min, max });
}

/** Minimum and maximum refcount sampled for an object, or null when it was never sampled. */
export function refcountRange(t: TraceData, obj: number): [number, number] | null {
  const from = t.refcounts.start[obj] ?? 0;
  if ((t.refcounts.start[obj + 1] ?? from) <= from) return null;
  const { min, max } = refcountSummary(t);
  return [min[obj] ?? 0, max[obj] ?? 0];
}

/**
 * The objects of `reuseLinks(t, all)` in order of birth (ties by index): the objects table's
 * default order. Read-only: shared by every caller. Computed on the page when the table
 * first renders, after the timeline's frame (~10 ms for the seed run's 250,000 objects; the
 * birth order it filters comes with the first render's indices when typeOrdinals needed it,
 * i.e. when the objects are not listed in birth order, as in the seed run's).
 */
export function shownByBirth(t: TraceData, all = false): Int32Array {
  const m = model(t);
  const cached = all ? m.allByBirth : m.shownByBirth;
  if (cached) return cached;
  const listed = new Uint8Array(t.objects.address.length);
  const { order } = reuseLinks(t, all);
  for (let i = 0; i < order.length; i++) listed[order[i]!] = 1;
  const inOrder = new Int32Array(order.length);
  const births = objectsByBirth(t);
  let n = 0;
  // Indexed loops: iterating a typed array with for…of was 3–5x slower in a fresh worker.
  for (let i = 0; i < births.length; i++) {
    const o = births[i]!;
    if (listed[o]) inOrder[n++] = o;
  }
  if (all) m.allByBirth = inOrder;
  else m.shownByBirth = inOrder;
  return inOrder;
}

/**
 * The lifetimes at each address and the reuse links between them, among objects shown by
 * default or, with `all`, among every object. Read-only: shared by every caller.
 */
export function reuseLinks(t: TraceData, all = false): ReuseLinks {
  const m = model(t);
  const cached = all ? m.all : m.shown;
  if (cached) return cached;
  const n = t.objects.address.length;
  const { start, creationOrder } = lifetimeSpans(t);
  const list: number[] = [];
  for (let o = 0; o < n; o++) if (all || isShownByDefault(t, o)) list.push(o);
  const addr = t.objects.address;
  sortByAddress(list, addr, start, creationOrder);
  const prev = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 1; i < list.length; i++) {
    const o = list[i] ?? 0;
    const p = list[i - 1] ?? 0;
    if (addr[o] !== addr[p]) continue;
    prev[o] = p;
    next[p] = o;
    count++;
  }
  const links = { order: Int32Array.from(list), prev, next, count };
  if (all) m.all = links;
  else m.shown = links;
  return links;
}

/**
 * Per object: the lifetime whose freed block it took, as the narration and the run's story
 * tell it — the last object created by the run and shown by default at the same address
 * before it, provided that one had died by then; -1 otherwise (first at its address, only
 * pre-existing objects there before it, or the one before it still alive: a missed DESTROY).
 */
export function previousOccupant(t: TraceData): Int32Array {
  const m = model(t);
  if (m.occupant) return m.occupant;
  const n = t.objects.address.length;
  const occupant = new Int32Array(n).fill(-1);
  const { order } = reuseLinks(t);
  const { address, born, died } = t.objects;
  let last = -1;
  for (let i = 0; i < order.length; i++) {
    const o = order[i] ?? 0;
    if (i > 0 && address[order[i - 1] ?? 0] !== address[o]) last = -1;
    const b = born[o] ?? -1;
    // Objects that existed before the run occupy the address but were never freed into it by the run.
    if (b < 0) continue;
    const d = last >= 0 ? (died[last] ?? -1) : -1;
    if (d >= 0 && d <= b) occupant[o] = last;
    last = o;
  }
  return (m.occupant = occupant);
}

const INDEX_BITS = 2 ** 21;

/**
 * Sorts object indices by address, then start step, then index. When objects are listed in
 * creation order (the usual case), address and index packed into one float sort natively,
 * several times faster than a comparator on 100,000 objects.
 */
function sortByAddress(list: number[], addr: Uint32Array, start: Int32Array, creationOrder: boolean): void {
  if (creationOrder && addr.length < INDEX_BITS) {
    const keys = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const o = list[i] ?? 0;
      keys[i] = (addr[o] ?? 0) * INDEX_BITS + o;
    }
    keys.sort();
    for (let i = 0; i < list.length; i++) list[i] = (keys[i] ?? 0) % INDEX_BITS;
    return;
  }
  list.sort((a, b) => (addr[a] ?? 0) - (addr[b] ?? 0) || (start[a] ?? 0) - (start[b] ?? 0) || a - b);
}
