import { DEFAULT_SEED } from '../protocol/messages';
import type { ShareSlice, SliceCreator } from './types';

export const createShareSlice: SliceCreator<ShareSlice> = () => ({
  seed: DEFAULT_SEED,
  replay: null,
  problems: [],
  pendingStep: null,
});
