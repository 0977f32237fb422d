/**
 * The one typed protocol between the page and the Python worker.
 *
 * Each direction is a single discriminated union on `type`; both ends `switch` on it
 * with `assertNever` so that adding a message without handling it fails to compile.
 * Messages travel over a private MessagePort handed to the worker in `init`, never over
 * the worker's global `postMessage`, which user code can reach through Pyodide's `js` module.
 */
import type { OutputChunk } from '../trace/types';
import type { WireTrace } from './transfer';

/** Budgets for one run. */
export interface RunLimits {
  /** Executed lines of user code before the run ends with `step-limit`. */
  maxSteps: number;
  /** Wall-clock seconds before the run ends with `time-limit`. */
  maxSeconds: number;
  /** Bytes of stdout+stderr kept; past this the output is cut with a notice. */
  maxOutputBytes: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  maxSteps: 100_000,
  maxSeconds: 10,
  maxOutputBytes: 1_000_000,
};

export const DEFAULT_SEED = 0;

export type PageToWorker =
  | {
      type: 'init';
      /** Absolute URL of the folder holding pyodide.asm.wasm, python_stdlib.zip... */
      indexURL: string;
      /** PYTHONHASHSEED for the interpreter. */
      seed: number;
      /**
       * Shared Int32Array(1) for Stop when the page is cross-origin isolated: the page
       * writes 2 (SIGINT) and the worker's instrumentation ends the run at the next line.
       */
      interruptBuffer: SharedArrayBuffer | null;
      /**
       * The page compiles pyodide.asm.wasm once and sends the module in a `wasm` message
       * (null if it could not); the worker then instantiates that instead of fetching and
       * compiling its own.
       */
      precompiledWasm: boolean;
      /**
       * A memory snapshot of a freshly loaded interpreter (same seed) to start from, or
       * null. With `makeSnapshot`, the worker provides it: the one that ships with the build
       * (`snapshotURL`) if it restores, else from Cache Storage if an earlier visit of this
       * build stored one, else it loads Pyodide in full and snapshots it. It starts from
       * that snapshot too, so every interpreter of the page starts from the same heap
       * (runtime/client.ts). Either way the worker hands the snapshot's bytes to the page in
       * a `snapshot` message before `ready`.
       */
      snapshot: Uint8Array | null;
      makeSnapshot: boolean;
      /** The build's snapshot for this seed (src/cli/snapshot.ts), or null (other seeds, dev). */
      snapshotURL: string | null;
    }
  | { type: 'wasm'; module: WebAssembly.Module | null }
  | { type: 'run'; runId: number; source: string; limits: RunLimits };

/**
 * How an interpreter started: `restored` from the snapshot the page lent it, `shipped` from
 * the snapshot that ships with the build, `cached` from the snapshot an earlier visit
 * stored, `made` by a full load that made the page's snapshot, `full` by a full load
 * without snapshots.
 */
export type InterpreterBoot = 'restored' | 'shipped' | 'cached' | 'made' | 'full';

export const INTERPRETER_BOOTS: readonly InterpreterBoot[] = ['restored', 'shipped', 'cached', 'made', 'full'];

export type WorkerToPage =
  | { type: 'ready'; python: string; pyodide: string; loadMs: number; boot: InterpreterBoot }
  /**
   * The snapshot the worker started from (lent by the page, or provided with
   * `makeSnapshot`), handed back before `ready`, before any program.
   */
  | { type: 'snapshot'; bytes: Uint8Array }
  | { type: 'output'; runId: number; chunks: OutputChunk[] }
  | {
      type: 'progress';
      runId: number;
      steps: number;
      /**
       * On the first (`steps: 0`): when the interpreter started the run, in milliseconds since
       * the epoch (`performance.timeOrigin + performance.now()`, a clock the page shares). The
       * page may be busy when the message arrives (its render of the reset run): this says
       * when the program started executing, not when the page heard of it.
       */
      startedAt?: number;
    }
  /**
   * The user's program is over (completed, stopped or out of budget) after `steps` steps;
   * the worker is now turning its recording into the trace, which can take seconds for a
   * run of millions of steps. The page stops counting Stop's grace from here.
   */
  | { type: 'ended'; runId: number; steps: number }
  /** The trace with its output packed (./transfer `toWire`), every column transferred. */
  | { type: 'done'; runId: number; trace: WireTrace }
  | { type: 'failed'; message: string };

export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`);
}
