/**
 * Questions asked of a finished trace, by step. Pure functions over `TraceData`;
 * binary searches on the columnar arrays, never a scan of the whole event stream
 * per question where the layout allows it.
 */
import { ObjectFlag, type TraceData } from './types';

/** Number of steps in the trace (the cursor runs from 0 to stepCount - 1). */
export function stepCount(t: TraceData): number {
  return t.steps.line.length;
}

/** Refcount of object `obj` in effect at `step`, or null before its first sample. */
export function refcountAt(t: TraceData, obj: number, step: number): number | null {
  const { start, step: steps, value } = t.refcounts;
  let lo = start[obj] ?? 0;
  let hi = (start[obj + 1] ?? lo) - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] ?? 0) <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? null : (value[found] ?? null);
}

/** All refcount samples of one object as [step, value] pairs. */
export function refcountSeries(t: TraceData, obj: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const from = t.refcounts.start[obj] ?? 0;
  const to = t.refcounts.start[obj + 1] ?? from;
  for (let i = from; i < to; i++) out.push([t.refcounts.step[i] ?? 0, t.refcounts.value[i] ?? 0]);
  return out;
}

/** Largest refcount an object reached while traced (null: never sampled). */
export function maxRefcount(t: TraceData, obj: number): number | null {
  const from = t.refcounts.start[obj] ?? 0;
  const to = t.refcounts.start[obj + 1] ?? from;
  let max: number | null = null;
  for (let i = from; i < to; i++) {
    const v = t.refcounts.value[i] ?? 0;
    if (max === null || v > max) max = v;
  }
  return max;
}

/** True when object `obj` exists during `step` (created at or before, not yet destroyed). */
export function isAliveAt(t: TraceData, obj: number, step: number): boolean {
  const born = t.objects.born[obj] ?? -1;
  const died = t.objects.died[obj] ?? -1;
  return (born < 0 || born <= step) && (died < 0 || died >= step);
}

/** Indices of objects alive during `step`. O(objects); use for panels, not per frame. */
export function aliveAt(t: TraceData, step: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < t.objects.address.length; o++) if (isAliveAt(t, o, step)) out.push(o);
  return out;
}

export interface NameRef {
  name: string;
  obj: number;
}

export interface FrameView {
  /** Index into `frames`, or -1 for the module's globals. */
  frame: number;
  function: string;
  depth: number;
  names: NameRef[];
}

/**
 * The frames on the stack at `step`, innermost first, each with the names that referred
 * to objects at that step; the module's globals come last (frame -1).
 */
export function framesAt(t: TraceData, step: number): FrameView[] {
  const { func, depth, enter, exit } = t.frames;
  const views: FrameView[] = [];
  const byFrame = new Map<number, FrameView>();
  for (let f = 0; f < func.length; f++) {
    if ((enter[f] ?? 0) <= step && ((exit[f] ?? -1) < 0 || (exit[f] ?? 0) >= step)) {
      const v: FrameView = { frame: f, function: t.strings[func[f] ?? 0] ?? '?', depth: depth[f] ?? 0, names: [] };
      views.push(v);
      byFrame.set(f, v);
    }
  }
  views.sort((a, b) => b.depth - a.depth);
  const globals: FrameView = { frame: -1, function: '<globals>', depth: -1, names: [] };
  const b = t.bindings;
  for (let i = 0; i < b.obj.length; i++) {
    const from = b.from[i] ?? 0;
    const to = b.to[i] ?? -1;
    if (from > step || (to >= 0 && to < step)) continue;
    const frame = b.frame[i] ?? -1;
    const target = frame < 0 ? globals : byFrame.get(frame);
    target?.names.push({ name: t.strings[b.name[i] ?? 0] ?? '?', obj: b.obj[i] ?? 0 });
  }
  views.push(globals);
  return views;
}

/** Names that referred to `obj` at any step, deduplicated, in first-bound order. */
export function namesOf(t: TraceData, obj: number): string[] {
  const seen = new Set<string>();
  const b = t.bindings;
  for (let i = 0; i < b.obj.length; i++) {
    if (b.obj[i] === obj) seen.add(t.strings[b.name[i] ?? 0] ?? '?');
  }
  return [...seen];
}

/** Objects shown by default: bound to a name at some step, or held by a named list or tuple. */
export function isShownByDefault(t: TraceData, obj: number): boolean {
  const flags = t.objects.flags[obj] ?? 0;
  return (flags & (ObjectFlag.named | ObjectFlag.held)) !== 0;
}

/** Type name of an object. */
export function typeName(t: TraceData, obj: number): string {
  return t.strings[t.objects.type[obj] ?? 0] ?? '?';
}

/** `0x…` hex of an address, as the UI and the trace format show it. */
export function hexAddress(address: number): string {
  return `0x${address.toString(16).padStart(8, '0')}`;
}

/** CPython 3.12+ on this 32-bit build marks immortal objects with a refcount of at least 2^30. */
export const IMMORTAL_REFCOUNT = 2 ** 30;

/**
 * A refcount as people should read it: immortal objects (None, small ints, interned
 * strings...) carry a huge constant that is not a count of references.
 */
export function formatRefcount(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value >= IMMORTAL_REFCOUNT ? 'immortal' : String(value);
}
