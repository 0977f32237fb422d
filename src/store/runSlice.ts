import type { RunSlice, SliceCreator } from './types';

export const initialRunState: RunSlice = {
  status: 'loading',
  output: [],
  error: null,
  python: null,
  pyodide: null,
  pythonBoot: null,
  runId: 0,
  ranSource: null,
  steps: 0,
  runStarted: false,
  runQueued: false,
  timings: { loadMs: null, readyAtMs: null, lastRunMs: null, rerunLatencyMs: null },
};

/** Run state only; the actions that change it live in actions.ts (they talk to the worker). */
export const createRunSlice: SliceCreator<RunSlice> = () => ({ ...initialRunState });
