import type { SliceCreator, TraceSlice } from './types';

export const createTraceSlice: SliceCreator<TraceSlice> = (set, get) => ({
  trace: null,
  cursor: 0,
  selectedObject: null,
  showAllObjects: false,
  setCursor: (step) => {
    const trace = get().trace;
    const last = trace ? trace.steps.line.length - 1 : 0;
    const cursor = Math.max(0, Math.min(Math.trunc(step) || 0, Math.max(0, last)));
    set({ cursor });
  },
  selectObject: (obj) => set({ selectedObject: obj }),
  setShowAllObjects: (show) => set({ showAllObjects: show }),
});
