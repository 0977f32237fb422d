/** The messages between the command line (./sandbox) and its engine thread (./engine.worker). */
import type { RunLimits } from '../protocol/messages';
import type { TraceData } from '../trace/types';

/** What the main thread hands over. */
export interface EngineWorkerData {
  source: string;
  seed: number;
  limits: RunLimits;
  indexURL: string;
  /** A memory snapshot (same seed) to start from, before the program can reach anything. */
  snapshot?: Uint8Array;
  /** Stop flag (index 0), shared: Pyodide's interrupt check and the recorder read it. */
  interrupt: SharedArrayBuffer;
}

export type EngineWorkerMessage =
  | { type: 'started'; kept: string[] }
  | { type: 'done'; trace: TraceData }
  | { type: 'snapshot'; trace: TraceData | null }
  | { type: 'failed'; message: string };

/** The global through which the main thread's inspector asks a stuck run for its trace so far. */
export const SNAPSHOT_GLOBAL = '__refscopeSnapshot';
