import { create } from 'zustand';
import { createProgramSlice } from './programSlice';
import { createRunSlice } from './runSlice';
import { createTraceSlice } from './traceSlice';
import { createTeachingSlice } from './teachingSlice';
import { createShareSlice } from './shareSlice';
import type { StoreState } from './types';

/** The one Refscope store, built from slices. */
export const useStore = create<StoreState>()((...args) => ({
  ...createProgramSlice(...args),
  ...createRunSlice(...args),
  ...createTraceSlice(...args),
  ...createTeachingSlice(...args),
  ...createShareSlice(...args),
}));
