/**
 * Where stepping goes: the steps at which something visible happened (an object shown by
 * default, or any object when all are shown, was created, finalized or destroyed), and the
 * step where a run's story is told (the first reuse of an address, else the first creation).
 *
 * And what "the state at step N" means, once for every panel: the state **after line N ran**,
 * i.e. at the line event of step N + 1. Narration says what line N did; the variables, the
 * objects alive and their refcounts are what it left behind. Bindings of locals are recorded
 * at line events (so they are read at N + 1), globals as they are stored (read at N).
 */
import { isShownByDefault, refcountAt, stepCount, type FrameView } from './query';
import { previousOccupant } from './model';
import type { TraceData } from './types';
import { shareIndex } from './memo';

const eventCache = new WeakMap<TraceData, { shown?: Int32Array; all?: Int32Array }>();
shareIndex('eventSteps', eventCache);

/**
 * Sorted steps during which an object was created, had its `__del__` run, or was destroyed:
 * objects shown by default, or every object with `all`. Computed once per trace and filter.
 */
export function eventSteps(t: TraceData, all = false): Int32Array {
  let entry = eventCache.get(t);
  if (!entry) eventCache.set(t, (entry = {}));
  const cached = all ? entry.all : entry.shown;
  if (cached) return cached;
  const n = stepCount(t);
  const hit = new Uint8Array(n);
  const { born, died, finalized } = t.objects;
  for (let o = 0; o < born.length; o++) {
    if (!all && !isShownByDefault(t, o)) continue;
    // Three plain checks, not a loop over a fresh array: this runs once per object.
    const b = born[o] ?? -1;
    const d = died[o] ?? -1;
    const f = finalized[o] ?? -1;
    if (b >= 0 && b < n) hit[b] = 1;
    if (d >= 0 && d < n) hit[d] = 1;
    if (f >= 0 && f < n) hit[f] = 1;
  }
  let count = 0;
  for (let s = 0; s < n; s++) count += hit[s] ?? 0;
  const steps = new Int32Array(count);
  for (let s = 0, i = 0; s < n; s++) if (hit[s]) steps[i++] = s;
  if (all) entry.all = steps;
  else entry.shown = steps;
  return steps;
}

/** First event step after `step`, or null when none is left. */
export function nextEventStep(t: TraceData, step: number, all = false): number | null {
  const steps = eventSteps(t, all);
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] ?? 0) <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo < steps.length ? (steps[lo] ?? null) : null;
}

/** Last event step before `step`, or null when none comes earlier. */
export function previousEventStep(t: TraceData, step: number, all = false): number | null {
  const steps = eventSteps(t, all);
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] ?? 0) < step) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (steps[lo - 1] ?? null) : null;
}

/** Why the cursor starts where it does after a run. */
export type StoryReason = 'reuse' | 'creation';

export interface StoryStep {
  step: number;
  reason: StoryReason;
}

/** Per trace: the story step (null included), found once; the reading worker sends it along (a walk over every object, ~15 ms on the page for the seed run). */
const storyCache = new WeakMap<TraceData, StoryStep | null>();
shareIndex('storyStep', storyCache);

/**
 * Where a finished run's story is: the step that created the first object to take an address
 * another (shown) object had, else the step of the first shown creation; null when the run
 * created nothing worth showing.
 */
export function storyStep(t: TraceData): StoryStep | null {
  if (storyCache.has(t)) return storyCache.get(t) ?? null;
  const story = findStory(t);
  storyCache.set(t, story);
  return story;
}

function findStory(t: TraceData): StoryStep | null {
  const previous = previousOccupant(t);
  const { born } = t.objects;
  let reuse = -1;
  let creation = -1;
  for (let o = 0; o < born.length; o++) {
    const b = born[o] ?? -1;
    if (b < 0 || !isShownByDefault(t, o)) continue;
    if (creation < 0 || b < creation) creation = b;
    if ((previous[o] ?? -1) >= 0 && (reuse < 0 || b < reuse)) reuse = b;
  }
  if (reuse >= 0) return { step: reuse, reason: 'reuse' };
  if (creation >= 0) return { step: creation, reason: 'creation' };
  return null;
}

/**
 * Where the cursor starts on a finished trace: at the story step, or at the last step (where
 * the run failed or was cut off) when the run failed or has no story. `landing` is the story
 * step when that is where it starts, for the page to say why.
 */
export function startingStep(t: TraceData): { step: number; landing: StoryStep | null } {
  const last = Math.max(0, stepCount(t) - 1);
  // A failed run's story is its error, at the step that raised it.
  const story = t.meta.status === 'error' ? null : storyStep(t);
  return story ? { step: story.step, landing: story } : { step: last, landing: null };
}

/** The step whose line event shows the state after `step` ran (the last step shows itself: nothing follows it). */
function following(t: TraceData, step: number): number {
  return Math.min(step + 1, Math.max(0, stepCount(t) - 1));
}

/** True when object `obj` exists once line `step` has run (created by then, not destroyed by it). */
export function isAliveAfter(t: TraceData, obj: number, step: number): boolean {
  const born = t.objects.born[obj] ?? -1;
  const died = t.objects.died[obj] ?? -1;
  return (born < 0 || born <= step) && (died < 0 || died > step);
}

/** Refcount of `obj` once line `step` has run (null when never sampled by then). */
export function refcountAfter(t: TraceData, obj: number, step: number): number | null {
  return refcountAt(t, obj, following(t, step)) ?? refcountAt(t, obj, step);
}

/**
 * The frames on the stack once line `step` has run, innermost first, each with the names
 * bound then; the module's globals last (frame -1). A frame that returned during the step
 * is gone; one entered during it (a call on that line) is there with its arguments.
 */
export function framesAfter(t: TraceData, step: number): FrameView[] {
  const at = following(t, step);
  const { func, depth, enter, exit } = t.frames;
  const views: FrameView[] = [];
  const byFrame = new Map<number, FrameView>();
  for (let f = 0; f < func.length; f++) {
    const e = exit[f] ?? -1;
    if ((enter[f] ?? 0) <= at && (e < 0 || e >= at)) {
      const v: FrameView = { frame: f, function: t.strings[func[f] ?? 0] ?? '?', depth: depth[f] ?? 0, names: [] };
      views.push(v);
      byFrame.set(f, v);
    }
  }
  views.sort((a, b) => b.depth - a.depth);
  const globals: FrameView = { frame: -1, function: '<globals>', depth: -1, names: [] };
  const b = t.bindings;
  for (let i = 0; i < b.obj.length; i++) {
    const frame = b.frame[i] ?? -1;
    // Globals are recorded as they are stored (during the step), locals at the next line event.
    const when = frame < 0 ? step : at;
    const from = b.from[i] ?? 0;
    const to = b.to[i] ?? -1;
    if (from > when || (to >= 0 && to < when)) continue;
    const target = frame < 0 ? globals : byFrame.get(frame);
    target?.names.push({ name: t.strings[b.name[i] ?? 0] ?? '?', obj: b.obj[i] ?? 0 });
  }
  views.push(globals);
  return views;
}
