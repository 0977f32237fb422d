/**
 * Object lifetimes as the timeline and the panels talk about them: the span of steps an
 * object occupies, a human label (`Son #2`), the source line it was born and died on, and
 * what happened at each step. Pure functions over `TraceData`; anything that needs a pass
 * over all objects is computed once per trace and memoized on the trace object.
 */
import { stepCount, typeName } from './query';
import { ObjectFlag, StepEvent, type OutputChunk, type TraceData } from './types';
import { groupRows, groupSteps, rowOf, type Rows } from './rows';
import { shareIndex } from './memo';
import { CLASS_PREVIEW } from './preview';

/**
 * Where an object comes from, in the words a student reads: created by the run, already
 * there before it (a module, a constant), or immortal (None, small ints, interned strings:
 * CPython never counts their references and never frees them). A pre-existing object is
 * not immortal unless its refcount says so: `sys` has refcount 121 and is counted.
 */
export type ObjectOrigin = 'run' | 'preexisting' | 'immortal';

/** The object's origin, from the flags the trace builder derived (immortal wins over pre-existing). */
export function objectOrigin(t: TraceData, obj: number): ObjectOrigin {
  const flags = t.objects.flags[obj] ?? 0;
  if (flags & ObjectFlag.immortal) return 'immortal';
  if (flags & ObjectFlag.preexisting || (t.objects.born[obj] ?? -1) < 0) return 'preexisting';
  return 'run';
}

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

/**
 * Source line executed at `step`, or null for a step outside the trace (e.g. -1: before the
 * run) and for the steps of Python's exit, which run no line of the program (`exitAt`).
 */
export function lineAt(t: TraceData, step: number): number | null {
  if (step < 0 || step >= stepCount(t)) return null;
  const line = t.steps.line[step] ?? 0;
  return line > 0 ? line : null;
}

/**
 * Which part of Python's exit the step at `step` starts, after the program's last line:
 * 'atexit' (the functions registered with atexit run), 'exit' (the program's module is freed
 * and with it what only its globals kept alive), or null for a step of the program.
 */
export function exitAt(t: TraceData, step: number): ExitPhase | null {
  const event = t.steps.event[step] ?? 0;
  return event & StepEvent.atexit ? 'atexit' : event & StepEvent.exit ? 'exit' : null;
}
export type ExitPhase = 'atexit' | 'exit';

/** The first step of Python's exit (`exitAt`), or -1 when the run never got there. */
export function exitStart(t: TraceData): number {
  return t.steps.event.findIndex((e) => (e & (StepEvent.atexit | StepEvent.exit)) !== 0);
}

/** Function running at `step` (`<module>` at top level). */
export function funcAt(t: TraceData, step: number): string {
  return t.strings[t.steps.func[step] ?? -1] ?? '?';
}

const ordinalCache = new WeakMap<TraceData, Int32Array>();
shareIndex('typeOrdinals', ordinalCache);

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
  // The birth order is memoized (objectsByBirth): the objects table's default order reads it too.
  const order = sorted ? null : objectsByBirth(t);
  for (let i = 0; i < n; i++) {
    const o = order ? (order[i] ?? 0) : i;
    const k = type[o] ?? 0;
    const c = (counters[k] ?? 0) + 1;
    counters[k] = c;
    out[o] = c;
  }
  ordinalCache.set(t, out);
  return out;
}

const birthOrderCache = new WeakMap<TraceData, Int32Array>();
shareIndex('birthOrder', birthOrderCache);

/** Every object index ordered by birth step (pre-existing objects first), ties by index. */
export function objectsByBirth(t: TraceData): Int32Array {
  let order = birthOrderCache.get(t);
  if (!order) birthOrderCache.set(t, (order = byBirth(t.objects.born)));
  return order;
}

/**
 * Object indices ordered by birth step, ties by index. Pre-existing objects found during the
 * run come after run objects in the trace, so this is the usual case: a counting sort over
 * the steps (a comparator sort of 250,000 indices took ~0.1 s).
 */
function byBirth(born: Int32Array): Int32Array {
  const n = born.length;
  let lo = 0;
  let hi = 0;
  for (let o = 0; o < n; o++) {
    const b = born[o] ?? -1;
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  if (hi - lo > 4 * n + 1024) {
    // Steps far apart: counting would need more room than the objects; sort instead.
    return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (born[a] ?? -1) - (born[b] ?? -1) || a - b);
  }
  const next = new Int32Array(hi - lo + 2);
  for (let o = 0; o < n; o++) next[(born[o] ?? -1) - lo + 1]!++;
  for (let s = 1; s < next.length; s++) next[s]! += next[s - 1]!;
  const order = new Int32Array(n);
  for (let o = 0; o < n; o++) order[next[(born[o] ?? -1) - lo]!++] = o;
  return order;
}

/** Short label for one lifetime, e.g. `Son #2`: different objects at one address read differently. */
export function lifetimeLabel(t: TraceData, obj: number): string {
  const type = typeName(t, obj);
  // A class goes by its name (trace/build gives it as the preview), not as `type #3`.
  const preview = type === 'type' ? t.objects.preview?.[obj] : undefined;
  if (preview?.startsWith(CLASS_PREVIEW)) return preview;
  return `${type} #${typeOrdinals(t)[obj] ?? 0}`;
}

/** What happened during one step, for the step summary and the output panel. */
export interface StepEvents {
  born: number[];
  died: number[];
  finalized: number[];
  output: OutputChunk[];
}

interface StepIndex {
  born: Rows;
  died: Rows;
  finalized: Rows;
  /** Indices into `t.output`, by step. */
  output: Rows;
}

const stepIndexCache = new WeakMap<TraceData, StepIndex>();
shareIndex('stepIndex', stepIndexCache);

function stepIndex(t: TraceData): StepIndex {
  const cached = stepIndexCache.get(t);
  if (cached) return cached;
  const { born, died, finalized } = t.objects;
  const output = t.output;
  const idx: StepIndex = {
    born: groupSteps(born),
    died: groupSteps(died),
    finalized: groupSteps(finalized),
    output: groupRows(output.length, (i) => output[i]?.step ?? null),
  };
  stepIndexCache.set(t, idx);
  return idx;
}

/**
 * The objects by birth step and by death step (before-the-run and still-alive objects left
 * out), each step's in index order: the rows behind `eventsAt`, shared with trace/blocks.
 */
export function birthAndDeathRows(t: TraceData): { born: Rows; died: Rows } {
  return stepIndex(t);
}

/** Objects born, destroyed and finalized during `step`, and the output it printed. */
export function eventsAt(t: TraceData, step: number): StepEvents {
  const idx = stepIndex(t);
  return {
    born: rowOf(idx.born, step),
    died: rowOf(idx.died, step),
    finalized: rowOf(idx.finalized, step),
    output: rowOf(idx.output, step).map((i) => t.output[i]!),
  };
}

/** True when the trace ran on a CPython whose `sys.getrefcount(local)` no longer counts the argument. */
export function borrowsLocals(python: string): boolean {
  const [major, minor] = python.split('.').map((p) => Number.parseInt(p, 10));
  return (major ?? 0) > 3 || ((major ?? 0) === 3 && (minor ?? 0) >= 14);
}
