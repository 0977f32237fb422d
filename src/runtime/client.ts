/**
 * The page's side of the Python runtime: a small pool of Pyodide workers.
 *
 * One worker is always warming or warm (the spare). A run takes the spare and at once
 * starts warming the next, so every run gets a fresh interpreter (same heap state, so
 * the same addresses for the same program) without waiting for Pyodide to load again.
 * A worker that has run a program is terminated.
 *
 * Every message is checked: it must come from the port of a worker this client still
 * owns and carry the runId of that worker's run. No React here.
 */
import { assertNever, DEFAULT_SEED, type PageToWorker, type RunLimits, type WorkerToPage } from '../protocol/messages';
import type { OutputChunk, RunEnd, RunError, TraceData } from '../trace/types';
import { parseWorkerMessage } from './validate';
import { compileWasm } from './wasmHandoff';

export interface InterpreterInfo {
  python: string;
  pyodide: string;
  /** Milliseconds from the worker's creation to a ready interpreter, as the worker saw it. */
  loadMs: number;
}

/** Whether an interpreter is ready for the next run. */
export type ClientStatus =
  | { state: 'loading' }
  | { state: 'ready'; info: InterpreterInfo }
  | { state: 'failed'; message: string };

export interface RunResult {
  status: RunEnd;
  /** Null when the run was cut short by terminating its worker. */
  trace: TraceData | null;
  error: RunError | null;
}

export interface RunCallbacks {
  /** The interpreter has started executing this run. */
  onStart?: () => void;
  onOutput?: (chunks: OutputChunk[]) => void;
  onProgress?: (steps: number) => void;
  /** Called exactly once per run. */
  onDone: (result: RunResult) => void;
}

export interface PythonClient {
  readonly status: ClientStatus;
  /** Listens to status changes; returns the unsubscribe function. */
  subscribe(listener: (status: ClientStatus) => void): () => void;
  /** Starts a run (queued until an interpreter is ready). A run still going is stopped first. */
  run(source: string, limits: RunLimits, callbacks: RunCallbacks): void;
  /** Ends the current run as `stopped`, within about a second. */
  stop(): void;
  dispose(): void;
}

/** The part of `Worker` the pool uses, so tests can provide their own. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
}

export interface ClientOptions {
  /** Absolute URL of the folder holding Pyodide's runtime files. */
  indexURL: string;
  seed?: number;
  /** Use the shared interrupt buffer for Stop; defaults to `crossOriginIsolated`. */
  isolated?: boolean;
  /** How long Stop waits for the interpreter to end the run before terminating it. */
  stopGraceMs?: number;
  /** How long past `maxSeconds` the page lets a run go before terminating it. */
  watchdogGraceMs?: number;
  /**
   * Compile Pyodide's WebAssembly once on the page and hand it to every worker
   * (./wasmHandoff); defaults to true with real workers.
   */
  precompileWasm?: boolean;
  createWorker?: () => WorkerLike;
}

interface Slot {
  worker: WorkerLike;
  port: MessagePort;
  interrupt: Int32Array | null;
  state: 'loading' | 'ready' | 'running' | 'dead';
  info: InterpreterInfo | null;
}

interface ActiveRun {
  slot: Slot;
  runId: number;
  source: string;
  limits: RunLimits;
  callbacks: RunCallbacks;
  sent: boolean;
  started: boolean;
  /** Characters of output passed on so far (a worker cannot send more than the cap). */
  outputChars: number;
  stopTimer: ReturnType<typeof setTimeout> | null;
  watchdog: ReturnType<typeof setTimeout> | null;
}

export const STOP_GRACE_MS = 700;

/**
 * How long past its time budget a run may go before the page ends it by terminating the
 * worker. The interpreter checks its budget on every line; a program stuck where no line
 * runs (one long C call, `while True: pass` on one line) would otherwise run forever.
 */
export const WATCHDOG_GRACE_MS = 2000;

/**
 * The chunks that still fit under the run's output cap. The engine keeps to the cap
 * itself; this holds a worker whose program reached the protocol to it as well.
 */
function capOutput(run: ActiveRun, chunks: OutputChunk[]): OutputChunk[] {
  const room = run.limits.maxOutputBytes - run.outputChars;
  let total = 0;
  for (const chunk of chunks) total += chunk.text.length;
  if (total <= room) {
    run.outputChars += total;
    return chunks;
  }
  const kept: OutputChunk[] = [];
  let left = Math.max(room, 0);
  for (const chunk of chunks) {
    if (left <= 0) break;
    const text = chunk.text.length > left ? chunk.text.slice(0, left) : chunk.text;
    kept.push(text === chunk.text ? chunk : { ...chunk, text });
    left -= text.length;
  }
  run.outputChars = run.limits.maxOutputBytes;
  return kept;
}

function createModuleWorker(): WorkerLike {
  return new Worker(new URL('./python.worker.ts', import.meta.url), { type: 'module', name: 'python' });
}

export function createPythonClient(options: ClientOptions): PythonClient {
  return new WorkerPool(options);
}

class WorkerPool implements PythonClient {
  status: ClientStatus = { state: 'loading' };
  private readonly listeners = new Set<(status: ClientStatus) => void>();
  private spare: Slot | null = null;
  private active: ActiveRun | null = null;
  private nextRunId = 1;
  private disposed = false;
  private readonly isolated: boolean;
  private readonly grace: number;
  private readonly watchdogGrace: number;
  private readonly makeWorker: () => WorkerLike;
  /** The page's compiled pyodide.asm.wasm, shared by every worker; null when not used. */
  private readonly wasm: Promise<WebAssembly.Module | null> | null;

  constructor(private readonly options: ClientOptions) {
    this.isolated =
      options.isolated ?? (globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function');
    this.grace = options.stopGraceMs ?? STOP_GRACE_MS;
    this.watchdogGrace = options.watchdogGraceMs ?? WATCHDOG_GRACE_MS;
    this.makeWorker = options.createWorker ?? createModuleWorker;
    // Before the first worker exists: compiling is the slow part of its start.
    this.wasm = (options.precompileWasm ?? !options.createWorker) ? compileWasm(options.indexURL) : null;
    this.spare = this.spawn();
  }

  subscribe(listener: (status: ClientStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  run(source: string, limits: RunLimits, callbacks: RunCallbacks): void {
    if (this.disposed) throw new Error('The Python client has been disposed.');
    if (this.active) this.finish(this.active, { status: 'stopped', trace: null, error: null }, true);
    if (!this.spare) this.spare = this.spawn();
    const slot = this.spare;
    this.spare = null;
    const run: ActiveRun = {
      slot,
      runId: this.nextRunId++,
      source,
      limits,
      callbacks,
      sent: false,
      started: false,
      outputChars: 0,
      stopTimer: null,
      watchdog: null,
    };
    this.active = run;
    if (slot.state === 'ready') this.dispatch(run);
    // Otherwise the run goes out when this worker reports ready.
  }

  stop(): void {
    const run = this.active;
    if (!run) return;
    if (!run.sent) {
      // Never reached the interpreter: the warm-up continues and the worker stays the spare.
      this.active = null;
      this.spare ??= run.slot;
      if (this.spare !== run.slot) this.kill(run.slot);
      run.callbacks.onDone({ status: 'stopped', trace: null, error: null });
      return;
    }
    if (run.slot.interrupt) {
      if (run.stopTimer) return;
      Atomics.store(run.slot.interrupt, 0, 2);
      run.stopTimer = setTimeout(() => {
        if (this.active === run) this.finish(run, { status: 'stopped', trace: null, error: null }, true);
      }, this.grace);
    } else {
      this.finish(run, { status: 'stopped', trace: null, error: null }, true);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.active) this.finish(this.active, { status: 'stopped', trace: null, error: null }, true);
    if (this.spare) this.kill(this.spare);
    this.spare = null;
    this.listeners.clear();
  }

  private spawn(): Slot {
    const worker = this.makeWorker();
    const channel = new MessageChannel();
    const interrupt = this.isolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const slot: Slot = { worker, port: channel.port1, interrupt, state: 'loading', info: null };
    channel.port1.onmessage = (event: MessageEvent<unknown>) => this.receive(slot, event.data);
    worker.addEventListener('error', (event) => {
      const detail = (event as Partial<ErrorEvent>).message;
      const message = typeof detail === 'string' && detail ? detail : 'the worker crashed';
      this.fail(slot, `Python worker error: ${message}`);
    });
    const init: PageToWorker = {
      type: 'init',
      indexURL: this.options.indexURL,
      seed: this.options.seed ?? DEFAULT_SEED,
      interruptBuffer: interrupt ? (interrupt.buffer as SharedArrayBuffer) : null,
      precompiledWasm: this.wasm !== null,
    };
    worker.postMessage(init, [channel.port2]);
    void this.wasm?.then((module) => {
      const message: PageToWorker = { type: 'wasm', module };
      if (slot.state !== 'dead') slot.port.postMessage(message);
    });
    if (this.status.state !== 'loading') this.setStatus({ state: 'loading' });
    return slot;
  }

  private dispatch(run: ActiveRun): void {
    run.sent = true;
    run.slot.state = 'running';
    const message: PageToWorker = { type: 'run', runId: run.runId, source: run.source, limits: run.limits };
    run.slot.port.postMessage(message);
    run.watchdog = setTimeout(() => {
      if (this.active === run) this.finish(run, { status: 'time-limit', trace: null, error: null }, true);
    }, run.limits.maxSeconds * 1000 + this.watchdogGrace);
    // Warm the next interpreter while this one runs.
    if (!this.spare && !this.disposed) this.spare = this.spawn();
  }

  private receive(slot: Slot, data: unknown): void {
    if (slot.state === 'dead') return;
    const message: WorkerToPage | null = parseWorkerMessage(data);
    if (!message) return;
    switch (message.type) {
      case 'ready': {
        if (slot.state !== 'loading') return;
        slot.state = 'ready';
        slot.info = { python: message.python, pyodide: message.pyodide, loadMs: message.loadMs };
        this.setStatus({ state: 'ready', info: slot.info });
        const run = this.active;
        if (run && run.slot === slot && !run.sent) this.dispatch(run);
        break;
      }
      case 'output': {
        const run = this.runOf(slot, message.runId);
        if (!run) return;
        const chunks = capOutput(run, message.chunks);
        if (chunks.length > 0) run.callbacks.onOutput?.(chunks);
        break;
      }
      case 'progress': {
        const run = this.runOf(slot, message.runId);
        if (!run) return;
        if (!run.started) {
          run.started = true;
          run.callbacks.onStart?.();
        }
        run.callbacks.onProgress?.(message.steps);
        break;
      }
      case 'done': {
        const run = this.runOf(slot, message.runId);
        if (!run) return;
        const { trace } = message;
        this.finish(run, { status: trace.meta.status, trace, error: trace.meta.error }, true);
        break;
      }
      case 'failed':
        this.fail(slot, message.message);
        break;
      default:
        assertNever(message);
    }
  }

  /** The active run if this message belongs to it, else null. */
  private runOf(slot: Slot, runId: number): ActiveRun | null {
    const run = this.active;
    return run && run.slot === slot && run.sent && run.runId === runId ? run : null;
  }

  private fail(slot: Slot, message: string): void {
    if (slot.state === 'dead') return;
    const run = this.active;
    if (run && run.slot === slot) {
      this.finish(run, { status: 'error', trace: null, error: { type: 'RuntimeError', message, line: null, traceback: [] } }, true);
      if (!run.sent) this.setStatus({ state: 'failed', message });
      return;
    }
    this.kill(slot);
    if (this.spare === slot) {
      this.spare = null;
      this.setStatus({ state: 'failed', message });
    }
  }

  private finish(run: ActiveRun, result: RunResult, killWorker: boolean): void {
    if (this.active !== run) return;
    this.active = null;
    if (run.stopTimer) clearTimeout(run.stopTimer);
    if (run.watchdog) clearTimeout(run.watchdog);
    if (killWorker) this.kill(run.slot);
    run.callbacks.onDone(result);
  }

  private kill(slot: Slot): void {
    if (slot.state === 'dead') return;
    slot.state = 'dead';
    slot.port.onmessage = null;
    slot.port.close();
    slot.worker.terminate();
  }

  private setStatus(status: ClientStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}
