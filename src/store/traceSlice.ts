import type { TraceData } from '../trace/types';
import type { SliceCreator, TraceSlice } from './types';

/**
 * The step `step` means in `trace`: a whole number between its first and last step (0
 * without a trace). The one clamp of the cursor: every writer of `cursor` goes through it.
 */
export function clampStep(trace: TraceData | null, step: number): number {
  const last = trace ? trace.steps.line.length - 1 : 0;
  return Math.max(0, Math.min(Math.trunc(step) || 0, Math.max(0, last)));
}

export const createTraceSlice: SliceCreator<TraceSlice> = (set, get) => ({
  trace: null,
  cursor: 0,
  selectedObject: null,
  showAllObjects: false,
  inspectView: 'variables',
  landing: null,
  setCursor: (step) => set({ cursor: clampStep(get().trace, step) }),
  selectObject: (obj) => set({ selectedObject: obj }),
  setShowAllObjects: (show) => set({ showAllObjects: show }),
  setInspectView: (inspectView) => set({ inspectView }),
});
