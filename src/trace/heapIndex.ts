/**
 * The references of a trace, indexed once per trace for the heap view: which ones are live at
 * a step (checkpoints of the live set, so a step costs the references that start or end near
 * it, not a scan of every reference), and each object's references in and out (CSR by target
 * and by holder, for "why alive" and for the selected object's neighbours). The only such
 * index: steps here are raw line events; trace/heap reads "after line N" at N + 1.
 */
import type { TraceData } from './types';

export interface HeapIndex {
  /** Number of references in the trace (0 when the trace has none). */
  count: number;
  /** Reference indices sorted by `from`. */
  byFrom: Int32Array;
  /** Every `stride` steps, the references live at that step (into `live`, CSR by checkpoint). */
  stride: number;
  checkStart: Int32Array;
  live: Int32Array;
  /** References pointing at object o: `inRefs[inStart[o]..inStart[o+1]]`. */
  inStart: Int32Array;
  inRefs: Int32Array;
  /** References held by object o. */
  outStart: Int32Array;
  outRefs: Int32Array;
}

const cache = new WeakMap<TraceData, HeapIndex>();

/** At most this many checkpoints: memory stays (live references × checkpoints). */
const CHECKPOINTS = 256;

function csr(keys: Int32Array, n: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(n + 1);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? -1;
    if (k >= 0 && k < n) start[k + 1] = (start[k + 1] ?? 0) + 1;
  }
  for (let k = 0; k < n; k++) start[k + 1] = (start[k + 1] ?? 0) + (start[k] ?? 0);
  const fill = start.slice(0, n);
  const items = new Int32Array(start[n] ?? 0);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? -1;
    if (k < 0 || k >= n) continue;
    const at = fill[k] ?? 0;
    items[at] = i;
    fill[k] = at + 1;
  }
  return { start, items };
}

/** True when reference `r` is live at `step` (`to` = -1: to the end). */
export function refLiveAt(t: TraceData, r: number, step: number): boolean {
  const refs = t.references;
  if (!refs) return false;
  const to = refs.to[r] ?? -1;
  return (refs.from[r] ?? 0) <= step && (to < 0 || to >= step);
}

/** The trace's reference index, built on first use and shared by every caller. */
export function heapIndex(t: TraceData): HeapIndex {
  const cached = cache.get(t);
  if (cached) return cached;
  const refs = t.references;
  const n = t.objects.address.length;
  const count = refs?.holder.length ?? 0;
  const steps = Math.max(1, t.steps.line.length);
  const stride = Math.max(1, Math.ceil(steps / CHECKPOINTS));
  const checks = Math.ceil(steps / stride);
  const from = refs?.from ?? new Int32Array();
  const to = refs?.to ?? new Int32Array();
  const byFrom = Int32Array.from({ length: count }, (_, i) => i).sort((a, b) => (from[a] ?? 0) - (from[b] ?? 0) || a - b);
  // Live set at each checkpoint step c * stride.
  const lists: number[][] = Array.from({ length: checks }, () => []);
  for (let r = 0; r < count; r++) {
    const f = Math.max(0, from[r] ?? 0);
    const e = to[r] ?? -1;
    const last = e < 0 ? steps - 1 : Math.min(e, steps - 1);
    for (let c = Math.ceil(f / stride); c * stride <= last && c < checks; c++) lists[c]?.push(r);
  }
  const checkStart = new Int32Array(checks + 1);
  lists.forEach((l, c) => (checkStart[c + 1] = (checkStart[c] ?? 0) + l.length));
  // Filled list by list: `lists.flat()` is several times slower on a long trace.
  const live = new Int32Array(checkStart[checks] ?? 0);
  lists.forEach((l, c) => live.set(l, checkStart[c] ?? 0));
  const inn = csr(refs?.target ?? new Int32Array(), n);
  const out = csr(refs?.holder ?? new Int32Array(), n);
  const index: HeapIndex = {
    count,
    byFrom,
    stride,
    checkStart,
    live,
    inStart: inn.start,
    inRefs: inn.items,
    outStart: out.start,
    outRefs: out.items,
  };
  cache.set(t, index);
  return index;
}

/** Indices of the references live at `step`, ascending. */
export function referencesLiveAt(t: TraceData, step: number): number[] {
  const idx = heapIndex(t);
  if (idx.count === 0 || !t.references) return [];
  const c = Math.min(Math.floor(Math.max(0, step) / idx.stride), idx.checkStart.length - 2);
  const base = c * idx.stride;
  // The two parts cannot overlap (a checkpoint lists only references begun by it): no dedup.
  const found: number[] = [];
  for (let i = idx.checkStart[c] ?? 0; i < (idx.checkStart[c + 1] ?? 0); i++) {
    const r = idx.live[i] ?? 0;
    if (refLiveAt(t, r, step)) found.push(r);
  }
  // Those that began after the checkpoint: a binary search for the first `from` > base.
  const { from } = t.references;
  let lo = 0;
  let hi = idx.byFrom.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((from[idx.byFrom[mid] ?? 0] ?? 0) <= base) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < idx.byFrom.length; i++) {
    const r = idx.byFrom[i] ?? 0;
    if ((from[r] ?? 0) > step) break;
    if (refLiveAt(t, r, step)) found.push(r);
  }
  return found.sort((a, b) => a - b);
}

/** References pointing at `obj` (any step). */
export function referencesTo(t: TraceData, obj: number): Int32Array {
  const idx = heapIndex(t);
  return idx.inRefs.subarray(idx.inStart[obj] ?? 0, idx.inStart[obj + 1] ?? 0);
}

/** References held by `obj` (any step). */
export function referencesFrom(t: TraceData, obj: number): Int32Array {
  const idx = heapIndex(t);
  return idx.outRefs.subarray(idx.outStart[obj] ?? 0, idx.outStart[obj + 1] ?? 0);
}
