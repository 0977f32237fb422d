import { useDeferredValue, useEffect, useState } from 'react';
import { useStore } from '../store';
import type { TraceData } from '../trace/types';

/** Longest wait for a frame before the panels follow anyway (a hidden tab paints no frames). */
const FRAME_WAIT_MS = 250;

/**
 * `value`, a frame late: a new value is passed on once the page has painted the frame after
 * it arrived (a frame callback, then a task after that frame), so whatever renders from it
 * comes after that paint.
 */
function useAfterPaint<T>(value: T, initial: T): T {
  const [painted, setPainted] = useState(initial);
  useEffect(() => {
    if (Object.is(painted, value)) return;
    let timer = 0;
    const pass = (): void => {
      window.clearTimeout(fallback);
      timer = window.setTimeout(() => setPainted(() => value), 0);
    };
    const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(pass) : 0;
    const fallback = window.setTimeout(() => {
      if (frame) cancelAnimationFrame(frame);
      pass();
    }, FRAME_WAIT_MS);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      window.clearTimeout(fallback);
      window.clearTimeout(timer);
    };
  }, [value, painted]);
  return painted;
}

/**
 * The store's trace for panels that can come a moment after the timeline (the objects table,
 * the bytecode): when a trace lands (a run, an opened file, the first view's recording) the
 * timeline, narration and controls are drawn and painted first, and these panels follow in a
 * deferred, interruptible render (React's `useDeferredValue`) that starts after that paint:
 * the objects table's first page of rows alone took most of the first view's render, and its
 * commit (500 rows put in the page and laid out, 0.2–0.4 s under load) held the timeline's
 * first frame when it came before it. A panel mounted when the trace is already there shows it in
 * a deferred render at once.
 *
 * `cursor` is the store's cursor while the panel shows the store's trace, and otherwise the
 * last cursor seen while the panel's trace was the store's, so a panel never pairs the old
 * trace with a step of the new one. `current` says whether the panel has caught up with the store.
 */
export function useSettledTrace(): { trace: TraceData | null; cursor: number; current: boolean } {
  const live = useStore((s) => s.trace);
  const cursorNow = useStore((s) => s.cursor);
  // The cursor each trace last had while it was the store's (written as it renders: the same
  // pair every time for a given render, so a render React throws away leaves nothing wrong).
  const [cursors] = useState(() => new WeakMap<TraceData, number>());
  if (live) cursors.set(live, cursorNow);
  // Mounted with a trace already there: no frame to wait for (as before, a deferred render fills it in).
  const [mountedWith] = useState(live);
  const trace = useDeferredValue(useAfterPaint(live, mountedWith), null);
  const current = trace === live;
  return { trace, cursor: current ? cursorNow : trace ? (cursors.get(trace) ?? 0) : 0, current };
}
