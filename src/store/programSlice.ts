import { DEFAULT_LIMITS } from '../protocol/messages';
import type { ProgramSlice, SliceCreator } from './types';

/** The seed's snippet: the question Refscope was built to answer. */
export const SEED_SOURCE = `def test():
    ins = object()
    print(id(ins))

while True:
    test()
`;

export const createProgramSlice: SliceCreator<ProgramSlice> = (set) => ({
  source: SEED_SOURCE,
  notice: null,
  limits: DEFAULT_LIMITS,
  setSource: (source) => set({ source }),
  setLimits: (limits) => set({ limits }),
  setNotice: (notice) => set({ notice }),
});
