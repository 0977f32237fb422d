/**
 * Getting a recorded trace ready to show without holding the page. Every panel derives
 * indices from a trace the first time it sees it (per-step events, reuse links, type
 * ordinals, the narration's bindings, the starting step, the timeline's layout), each
 * memoized per trace in trace/ and timeline/. Left to the first render they all run in one
 * task: 1.8 s for a 2.4 M-event recording, a frozen page. Here they run before the trace
 * is put in the store, one after another, yielding to the event loop whenever ~30 ms have
 * passed, so the longest task is the longest single index and the render that follows finds
 * them all computed. A small trace pays nothing: it never reaches a yield.
 */
import { FIRST_RENDER_INDICES } from '../trace/indices';
import type { TraceData } from '../trace/types';

type Warmer = (t: TraceData) => unknown;

/** The trace/ indices the first render needs (the reading worker may have computed them already: then they cost a lookup). */
const warmers: Warmer[] = [...FIRST_RENDER_INDICES];

/**
 * Adds an index computed from the trace by a later stage (the timeline's layout: the store
 * does not import the timeline). Warmers run in the order they were added.
 */
export function addTraceWarmer(warm: Warmer): void {
  warmers.push(warm);
}

/** Longest stretch of index building before yielding, in ms (a "long task" starts at 50). */
const SLICE_MS = 30;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Computes the trace's indices in slices. Stops early (resolving false) as soon as
 * `stillWanted` says the trace will not be shown after all.
 */
export async function prepareTrace(t: TraceData, stillWanted: () => boolean = () => true): Promise<boolean> {
  let sliceStart = performance.now();
  for (const warm of warmers) {
    if (performance.now() - sliceStart >= SLICE_MS) {
      await yieldToLoop();
      if (!stillWanted()) return false;
      sliceStart = performance.now();
    }
    warm(t);
  }
  // The render that shows the trace is a long task of its own: not in the same one as the last index.
  if (performance.now() - sliceStart >= SLICE_MS) await yieldToLoop();
  return stillWanted();
}
