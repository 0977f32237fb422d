/**
 * Runs one program in the command line's engine thread (./engine.worker.ts) and watches it.
 *
 * The thread gets an empty environment and its own stdout/stderr (nothing it writes reaches
 * the command's stdout, which may carry the trace). The recorder ends runs at their time
 * budget on the next line; a program stuck inside one C call (`sum(range(10**12))`) runs
 * no lines, so the watchdog here takes over `GRACE_MS` after the budget:
 * 1. it sets the stop flag: CPython's interrupt check ends many C loops (big-int
 *    arithmetic, regular expressions, sorting), and the run ends as usual;
 * 2. if the run is still stuck `STOP_GRACE_MS` later, the thread is inside C code that never
 *    checks (`sum(range(...))`): the main thread's inspector evaluates the worker's snapshot
 *    function in it (V8 runs inspector requests at the next interrupt check, which
 *    WebAssembly loops make), which posts the trace recorded so far; then the thread is
 *    terminated.
 * Either way the trace ends with status `time-limit`, as a run that ran out of time on a line.
 */
import { Session } from 'node:inspector';
import { Worker } from 'node:worker_threads';
import type { RunLimits } from '../protocol/messages';
import type { TraceData } from '../trace/types';
import { SNAPSHOT_GLOBAL, type EngineWorkerData, type EngineWorkerMessage } from './workerProtocol';

/** After the time budget, before the stop flag is set (the recorder's own check comes first). */
export const GRACE_MS = 1000;
/** After the stop flag, before the trace so far is taken and the thread ended. */
export const STOP_GRACE_MS = 1000;
/** How long the snapshot of a stuck run may take to arrive. */
const SNAPSHOT_WAIT_MS = 30_000;

export interface SandboxResult {
  trace: TraceData;
  /** How the run ended: normally, stopped by the flag, or taken from a stuck thread. */
  ending: 'normal' | 'interrupted' | 'snapshot';
  /** Ways out the lockdown could not remove (none expected). */
  kept: string[];
}

export interface SandboxOptions {
  source: string;
  seed: number;
  limits: RunLimits;
  indexURL: string;
  /** A memory snapshot (same seed) to start the interpreter from; else a full load. */
  snapshot?: Uint8Array;
}

export class SandboxError extends Error {}

export function traceInSandbox(options: SandboxOptions): Promise<SandboxResult> {
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const workerData: EngineWorkerData = { ...options, interrupt: interrupt.buffer as SharedArrayBuffer };
  // The command runs from TypeScript sources (tsx): the thread registers the same loader
  // before it imports the engine.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./engine.worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, {
    eval: true,
    workerData,
    env: {},
    argv: [],
    stdout: true,
    stderr: true,
  });
  // The thread's own streams: kept off the command's stdout; its stderr (crash reports) is passed on.
  worker.stdout.resume();
  worker.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));

  return new Promise<SandboxResult>((resolve, reject) => {
    let kept: string[] = [];
    let timedOut = false;
    let askedSnapshot = false;
    let settled = false;
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    let session: Session | null = null;

    const finish = (result: SandboxResult | Error) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      session?.disconnect();
      void worker.terminate();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };

    const takeSnapshot = () => {
      askedSnapshot = true;
      timers.push(setTimeout(() => finish(new SandboxError('the program was stuck at the time limit and its trace could not be taken')), SNAPSHOT_WAIT_MS));
      session = new Session();
      session.connect();
      session.on('NodeWorker.attachedToWorker', (event) => {
        const { sessionId, workerInfo } = event.params as { sessionId: string; workerInfo: { workerId: string } };
        if (String(workerInfo.workerId) !== String(worker.threadId)) return;
        const request = { id: 1, method: 'Runtime.evaluate', params: { expression: `globalThis.${SNAPSHOT_GLOBAL}()` } };
        session?.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify(request) });
      });
      session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    };

    worker.on('message', (message: EngineWorkerMessage) => {
      switch (message.type) {
        case 'started':
          kept = message.kept;
          timers.push(
            setTimeout(() => {
              timedOut = true;
              Atomics.store(interrupt, 0, 2);
              timers.push(setTimeout(takeSnapshot, STOP_GRACE_MS));
            }, options.limits.maxSeconds * 1000 + GRACE_MS),
          );
          break;
        case 'done': {
          const trace = message.trace;
          // The stop flag was the watchdog's, for time: say so, as the recorder would have.
          if (timedOut && trace.meta.status === 'stopped') trace.meta.status = 'time-limit';
          finish({ trace, ending: timedOut ? 'interrupted' : 'normal', kept });
          break;
        }
        case 'snapshot':
          // Only the answer to the watchdog's request counts (the program may call the function too).
          if (askedSnapshot && message.trace) finish({ trace: message.trace, ending: 'snapshot', kept });
          break;
        case 'failed':
          finish(new SandboxError(message.message));
          break;
      }
    });
    worker.on('error', (e) => finish(new SandboxError(`the engine thread failed: ${e.message}`)));
    worker.on('exit', (code) => finish(new SandboxError(`the engine thread ended (exit code ${code}) before the trace was written`)));
  });
}
