/**
 * Picking a lifetime on the timeline without a pointer: ↑/↓ move between address lanes (to
 * the lifetime nearest in time), ←/→ along one lane (the lifetime before or after at the
 * same address, i.e. along the reuse arcs), Home/End to a lane's first or last lifetime.
 * Pure functions of the layout, so that the canvas view only maps keys to moves.
 */
import type { TimelineLayout } from './layout';

export type LifetimeMove = 'up' | 'down' | 'left' | 'right' | 'first' | 'last';

/** Lifetimes of `lane` in start order (a view, not a copy). */
function laneLifetimes(layout: TimelineLayout, lane: number): Int32Array {
  return layout.laneObjects.subarray(layout.laneStart[lane] ?? 0, layout.laneStart[lane + 1] ?? 0);
}

/** The lifetime of `lane` alive at `step`, else the one starting nearest to it. */
function nearestIn(layout: TimelineLayout, lane: number, step: number): number | null {
  let best: number | null = null;
  let bestGap = Infinity;
  for (const o of laneLifetimes(layout, lane)) {
    const s = layout.objStart[o] ?? 0;
    const e = layout.objEnd[o] ?? s;
    const gap = step < s ? s - step : step >= e ? step - e + 1 : 0;
    if (gap < bestGap) {
      best = o;
      bestGap = gap;
    }
  }
  return best;
}

/** Where the keyboard starts: the lifetime alive at the cursor in the topmost lane that has one, else the first shown. */
export function initialLifetime(layout: TimelineLayout, cursor: number): number | null {
  for (let row = 0; row < layout.rowCount; row++) {
    const lane = layout.rowLane[row] ?? -1;
    if (lane < 0) continue;
    for (const o of laneLifetimes(layout, lane)) {
      if ((layout.objStart[o] ?? 0) <= cursor && cursor < (layout.objEnd[o] ?? 0)) return o;
    }
  }
  return layout.shown.length > 0 ? (layout.shown[0] ?? null) : null;
}

/**
 * The lifetime a key moves to from `from` (null or hidden: the initial one). Stays on `from`
 * at an edge, so that a held key never loses the place.
 */
export function moveLifetime(layout: TimelineLayout, from: number | null, move: LifetimeMove, cursor: number): number | null {
  const lane = from === null ? -1 : (layout.objLane[from] ?? -1);
  if (from === null || lane < 0) return initialLifetime(layout, cursor);
  switch (move) {
    case 'left': {
      const prev = layout.objPrev[from] ?? -1;
      return prev >= 0 ? prev : from;
    }
    case 'right': {
      const next = layout.objNext[from] ?? -1;
      return next >= 0 ? next : from;
    }
    case 'first':
      return laneLifetimes(layout, lane)[0] ?? from;
    case 'last': {
      const all = laneLifetimes(layout, lane);
      return all[all.length - 1] ?? from;
    }
    case 'up':
    case 'down': {
      const dir = move === 'up' ? -1 : 1;
      // Group headers take rows with no lane: skip them.
      for (let row = (layout.laneRow[lane] ?? 0) + dir; row >= 0 && row < layout.rowCount; row += dir) {
        const other = layout.rowLane[row] ?? -1;
        if (other >= 0) return nearestIn(layout, other, layout.objStart[from] ?? 0) ?? from;
      }
      return from;
    }
  }
}
