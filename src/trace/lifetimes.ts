/**
 * Object lifetimes as the timeline and the panels talk about them: the span of steps an
 * object occupies, a human label (`Son #2`), the source line it was born and died on, and
 * what happened at each step. Pure functions over `TraceData`; anything that needs a pass
 * over all objects is computed once per trace and memoized on the trace object.
 */
import { stepCount, typeName } from './query';
import type { OutputChunk, TraceData } from './types';

/** First step the object occupies on the timeline (0 for objects that existed before the run). */
export function lifetimeStart(t: TraceData, obj: number): number {
  const born = t.objects.born[obj] ?? -1;
  return born < 0 ? 0 : born;
}

/** Step just past the object's last one (exclusive end; the trace's end when it never died). */
export function lifetimeEnd(t: TraceData, obj: number): number {
  const died = t.objects.died[obj] ?? -1;
  return died < 0 ? Math.max(stepCount(t), lifetimeStart(t, obj) + 1) : died + 1;
}

/** Source line executed at `step`, or null for a step outside the trace (e.g. -1: before the run). */
export function lineAt(t: TraceData, step: number): number | null {
  if (step < 0 || step >= stepCount(t)) return null;
  return t.steps.line[step] ?? null;
}

/** Function running at `step` (`<module>` at top level). */
export function funcAt(t: TraceData, step: number): string {
  return t.strings[t.steps.func[step] ?? -1] ?? '?';
}

const ordinalCache = new WeakMap<TraceData, Int32Array>();

/**
 * 1-based ordinal of each object among objects of its type, in order of appearance
 * (pre-existing objects first, then by birth step, ties by index). `Son #3` is the third `Son`.
 */
export function typeOrdinals(t: TraceData): Int32Array {
  const cached = ordinalCache.get(t);
  if (cached) return cached;
  const n = t.objects.address.length;
  const born = t.objects.born;
  // Traces list objects in creation order (pre-existing ones first), so the sort is usually skipped.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if ((born[i] ?? -1) < (born[i - 1] ?? -1)) sorted = false;
  const counters = new Int32Array(t.strings.length + 1);
  const out = new Int32Array(n);
  const type = t.objects.type;
  const count = (o: number): void => {
    const k = type[o] ?? 0;
    counters[k] = (counters[k] ?? 0) + 1;
    out[o] = counters[k] ?? 0;
  };
  if (sorted) for (let o = 0; o < n; o++) count(o);
  else {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => (born[a] ?? -1) - (born[b] ?? -1) || a - b);
    for (const o of order) count(o);
  }
  ordinalCache.set(t, out);
  return out;
}

/** Short label for one lifetime, e.g. `Son #2`: different objects at one address read differently. */
export function lifetimeLabel(t: TraceData, obj: number): string {
  return `${typeName(t, obj)} #${typeOrdinals(t)[obj] ?? 0}`;
}

/** Minimum and maximum refcount sampled for an object, or null when it was never sampled. */
export function refcountRange(t: TraceData, obj: number): [number, number] | null {
  const from = t.refcounts.start[obj] ?? 0;
  const to = t.refcounts.start[obj + 1] ?? from;
  if (to <= from) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < to; i++) {
    const v = t.refcounts.value[i] ?? 0;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** What happened during one step, for the step summary and the output panel. */
export interface StepEvents {
  born: number[];
  died: number[];
  finalized: number[];
  output: OutputChunk[];
}

interface StepIndex {
  born: Map<number, number[]>;
  died: Map<number, number[]>;
  finalized: Map<number, number[]>;
  output: Map<number, OutputChunk[]>;
}

const stepIndexCache = new WeakMap<TraceData, StepIndex>();

function push<T>(m: Map<number, T[]>, k: number, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function stepIndex(t: TraceData): StepIndex {
  const cached = stepIndexCache.get(t);
  if (cached) return cached;
  const idx: StepIndex = { born: new Map(), died: new Map(), finalized: new Map(), output: new Map() };
  const { born, died, finalized } = t.objects;
  for (let o = 0; o < born.length; o++) {
    const b = born[o] ?? -1;
    const d = died[o] ?? -1;
    const f = finalized[o] ?? -1;
    if (b >= 0) push(idx.born, b, o);
    if (d >= 0) push(idx.died, d, o);
    if (f >= 0) push(idx.finalized, f, o);
  }
  for (const chunk of t.output) push(idx.output, chunk.step, chunk);
  stepIndexCache.set(t, idx);
  return idx;
}

/** Objects born, destroyed and finalized during `step`, and the output it printed. */
export function eventsAt(t: TraceData, step: number): StepEvents {
  const idx = stepIndex(t);
  return {
    born: idx.born.get(step) ?? [],
    died: idx.died.get(step) ?? [],
    finalized: idx.finalized.get(step) ?? [],
    output: idx.output.get(step) ?? [],
  };
}

/** True when the trace ran on a CPython whose `sys.getrefcount(local)` no longer counts the argument. */
export function borrowsLocals(python: string): boolean {
  const [major, minor] = python.split('.').map((p) => Number.parseInt(p, 10));
  return (major ?? 0) > 3 || ((major ?? 0) === 3 && (minor ?? 0) >= 14);
}
