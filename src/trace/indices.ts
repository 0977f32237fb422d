/**
 * The trace/ indices the first render of a trace needs, cheapest first (a later one may reuse
 * an earlier one): per-step events, type ordinals, the steps worth stepping to, refcount
 * extremes, reuse links, previous occupants, the narration of the starting step (its
 * bindings and the type index behind "why not"). Not the objects table's default order
 * (model's `shownByBirth`): the table renders after the timeline's first frame
 * (ui/useSettledTrace), so its ~10 ms are not part of the wait for the timeline.
 * Computed before a trace is shown, in slices on the page (store/prepare) or in the reading
 * worker (./readMessages), never in a render.
 */
import { previousOccupant, refcountSummary, reuseLinks } from './model';
import { narrateStep } from './narrate';
import { eventsAt, typeOrdinals } from './lifetimes';
import { eventSteps, startingStep } from './steps';
import type { TraceData } from './types';

/** Computes (and memoizes) one index of a trace. */
export type TraceIndex = (t: TraceData) => unknown;

export const FIRST_RENDER_INDICES: readonly TraceIndex[] = [
  (t) => eventsAt(t, 0),
  typeOrdinals,
  (t) => eventSteps(t),
  refcountSummary,
  (t) => reuseLinks(t),
  previousOccupant,
  (t) => narrateStep(t, startingStep(t).step),
];
