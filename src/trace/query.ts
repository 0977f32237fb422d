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

/** True when object `obj` exists during `step` (created at or before, not yet destroyed). */
export function isAliveAt(t: TraceData, obj: number, step: number): boolean {
  const born = t.objects.born[obj] ?? -1;
  const died = t.objects.died[obj] ?? -1;
  return (born < 0 || born <= step) && (died < 0 || died >= step);
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

/**
 * CPython 3.12+ on this 32-bit build marks immortal objects with a refcount of at least 2^30:
 * a huge constant that is not a count of references (the recorder flags such objects immortal).
 */
export const IMMORTAL_REFCOUNT = 2 ** 30;
