import { exampleById } from '../examples';
import { DEFAULT_EXAMPLE_ID } from '../examples/recordings';
import { DEFAULT_LIMITS } from '../protocol/messages';
import type { ProgramSlice, SliceCreator } from './types';

/**
 * The seed's snippet, exactly as the blog post prints it: the question Refscope was built to
 * answer, and the gallery's first example (so a fresh page shows its explanation and recording).
 */
export const SEED_SOURCE = exampleById(DEFAULT_EXAMPLE_ID)?.code ?? '';

export const createProgramSlice: SliceCreator<ProgramSlice> = (set) => ({
  source: SEED_SOURCE,
  limits: DEFAULT_LIMITS,
  setSource: (source) => set({ source }),
  setLimits: (limits) => set({ limits }),
});
