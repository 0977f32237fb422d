/**
 * The page's side of the Python runtime: a small pool of Pyodide workers.
 *
 * Workers are always warming or warm (the spares: two in the page, so that a run pressed
 * right after another still finds a warm one). A run takes a spare and at once
 * starts warming the next, so every run gets a fresh interpreter (same heap state, so
 * the same addresses for the same program) without waiting for Pyodide to load again.
 * A worker that has run a program is terminated.
 *
 * Every message is checked: it must come from the port of a worker this client still
 * owns and carry the runId of that worker's run. No React here.
 */
import {
  assertNever,
  DEFAULT_SEED,
  type InterpreterBoot,
  type PageToWorker,
  type RunLimits,
  type WorkerToPage,
} from '../protocol/messages';
import type { OutputChunk, RunEnd, RunError, TraceData } from '../trace/types';
import { fromWire } from '../protocol/transfer';
import { parseWorkerMessage } from '../protocol/validate';
import { fitText } from './output';
import { compileWasm } from './wasmHandoff';

export interface InterpreterInfo {
  python: string;
  pyodide: string;
  /** Milliseconds from the worker's creation to a ready interpreter, as the worker saw it. */
  loadMs: number;
  /** How it started (from the page's snapshot, a stored one, a full load). */
  boot: InterpreterBoot;
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
  /**
   * The interpreter has started executing this run; `startedAt` (ms since the epoch, when the
   * worker says) is when it started, which can be well before the page hears of it.
   */
  onStart?: (startedAt?: number) => void;
  /**
   * Output while the program runs, for the live view. The trace carries the run's output:
   * once it arrives the preview is superseded; without a trace (the worker was
   * terminated) the preview is all there is.
   */
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
  /**
   * Resolves once every spare interpreter has loaded (or the pool has failed or been disposed):
   * background work that would slow their start waits for it (the service worker's install).
   */
  whenWarm(): Promise<void>;
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
  /** How long the page waits for the trace after the worker's `ended` message. */
  buildTimeoutMs?: number;
  /**
   * Compile Pyodide's WebAssembly once on the page and hand it to every worker
   * (./wasmHandoff); defaults to true with real workers.
   */
  precompileWasm?: boolean;
  /**
   * The page compiles the WebAssembly only once this settles (its download starts at once):
   * the streaming compile decodes on the page's main thread, which the editor needs first.
   */
  compileWasmAfter?: Promise<unknown>;
  /**
   * Start every interpreter from one memory snapshot, provided by the first worker (stored
   * by an earlier visit, or made after a full load); defaults to true with real workers.
   */
  snapshot?: boolean;
  /**
   * The snapshot that ships with the build, for the client's seed (src/cli/snapshot.ts):
   * the worker that provides the page's snapshot restores it instead of loading Pyodide in
   * full, and falls back to that if it is missing or does not restore.
   */
  snapshotURL?: string;
  /** How many warm or warming interpreters to keep; defaults to 2 with real workers, else 1. */
  spares?: number;
  createWorker?: () => WorkerLike;
}

interface Slot {
  worker: WorkerLike;
  port: MessagePort;
  /** The worker's end of the port, until `init` hands it over. */
  workerPort: MessagePort | null;
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
  /** Characters of preview output passed on so far (never more than the cap). */
  outputChars: number;
  stopTimer: ReturnType<typeof setTimeout> | null;
  watchdog: ReturnType<typeof setTimeout> | null;
  /** The program is over and the worker is building the trace (the `ended` message). */
  ended: boolean;
}

export const STOP_GRACE_MS = 700;

/**
 * How long past its time budget a run may go before the page ends it by terminating the
 * worker. The interpreter checks its budget on every line; a program stuck where no line
 * runs (one long C call, `while True: pass` on one line) would otherwise run forever.
 */
export const WATCHDOG_GRACE_MS = 2000;

/**
 * How long the page waits for the trace once the worker says the program is over. Stop's
 * grace and the time budget's watchdog guard a program that will not end; building the
 * trace of a run of millions of steps takes seconds (about 1.5 µs a step in Node), and
 * cutting it short would throw away everything the run recorded.
 */
export const BUILD_TIMEOUT_MS = 120_000;

/**
 * The chunks that still fit under the run's output cap. The worker applies the cap
 * (./output) and its trace carries the output; the streamed chunks are only a live
 * preview until that trace arrives. Held to the same cap here all the same, so that a
 * worker whose program reached the protocol cannot make the page hold more.
 */
function capOutput(run: ActiveRun, chunks: OutputChunk[]): OutputChunk[] {
  const kept: OutputChunk[] = [];
  for (const chunk of chunks) {
    const room = run.limits.maxOutputBytes - run.outputChars;
    if (room <= 0 && chunk.text.length > 0) break;
    const text = fitText(chunk.text, room);
    kept.push(text === chunk.text ? chunk : { ...chunk, text });
    run.outputChars += text.length;
  }
  return kept;
}

function createModuleWorker(): WorkerLike {
  return new Worker(new URL('./python.worker.ts', import.meta.url), { type: 'module', name: 'python' });
}

export function createPythonClient(options: ClientOptions): PythonClient {
  return new WorkerPool(options);
}

/**
 * Two spares where memory allows (a run pressed right after a run finds a warm one), one on
 * devices that say they have under 4 GB (phones): each interpreter holds ~35 MB.
 */
function defaultSpares(): number {
  const memory = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return memory !== undefined && memory < 4 ? 1 : 2;
}

class WorkerPool implements PythonClient {
  status: ClientStatus = { state: 'loading' };
  private readonly listeners = new Set<(status: ClientStatus) => void>();
  /** Warm or warming workers, oldest first. */
  private readonly spares: Slot[] = [];
  /** How many spares to keep. */
  private readonly spareCount: number;
  private active: ActiveRun | null = null;
  /** Waiting for `whenWarm`. */
  private warmWaiters: Array<() => void> = [];
  private nextRunId = 1;
  private disposed = false;
  private readonly isolated: boolean;
  private readonly grace: number;
  private readonly watchdogGrace: number;
  private readonly buildTimeout: number;
  private readonly makeWorker: () => WorkerLike;
  /** The page's compiled pyodide.asm.wasm, shared by every worker; null when not used. */
  private readonly wasm: Promise<WebAssembly.Module | null> | null;
  /**
   * The memory snapshot every interpreter starts from (restoring takes a fraction of a full
   * load, and interpreters restored from one snapshot print the same ids for the same
   * program). It is lent, not copied: each new worker gets these bytes (transferred) and
   * hands them back once restored, before any program runs, so the page never copies
   * 31 MB on its main thread. Null while lent out or being provided (`snapshotFrom`), or
   * when none could be had.
   */
  private snapshot: Uint8Array | null = null;
  /** The worker the snapshot is to come back from (lent to it, or asked to provide it). */
  private snapshotFrom: Slot | null = null;
  /** Workers created while the snapshot was out: their `init` waits for its return. */
  private readonly waiting: Slot[] = [];
  /** Whether a worker has been pointed at the build's snapshot (`snapshotURL`) already. */
  private shippedTried = false;
  /** Whether new workers should be asked for snapshots (off with `snapshot: false`). */
  private readonly useSnapshot: boolean;

  constructor(private readonly options: ClientOptions) {
    this.isolated =
      options.isolated ?? (globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function');
    this.grace = options.stopGraceMs ?? STOP_GRACE_MS;
    this.watchdogGrace = options.watchdogGraceMs ?? WATCHDOG_GRACE_MS;
    this.buildTimeout = options.buildTimeoutMs ?? BUILD_TIMEOUT_MS;
    this.makeWorker = options.createWorker ?? createModuleWorker;
    this.useSnapshot = options.snapshot ?? !options.createWorker;
    // Before the first worker exists: compiling is the slow part of its start.
    this.wasm = (options.precompileWasm ?? !options.createWorker) ? compileWasm(options.indexURL, options.compileWasmAfter) : null;
    this.spareCount = Math.max(1, options.spares ?? (options.createWorker ? 1 : defaultSpares()));
    this.fill();
  }

  subscribe(listener: (status: ClientStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  run(source: string, limits: RunLimits, callbacks: RunCallbacks): void {
    if (this.disposed) throw new Error('The Python client has been disposed.');
    if (this.active) this.finish(this.active, { status: 'stopped', trace: null, error: null }, true);
    // A warm spare if there is one, else the one that has been warming longest.
    const index = Math.max(0, this.spares.findIndex((s) => s.state === 'ready'));
    const slot = this.spares.splice(index, 1)[0] ?? this.spawn();
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
      ended: false,
    };
    this.active = run;
    if (slot.state === 'ready') this.dispatch(run);
    // Otherwise the run goes out when this worker reports ready.
  }

  stop(): void {
    const run = this.active;
    if (!run) return;
    if (!run.sent) {
      // Never reached the interpreter: the warm-up continues and the worker stays a spare.
      this.active = null;
      if (this.spares.length < this.spareCount) this.spares.unshift(run.slot);
      else this.kill(run.slot);
      run.callbacks.onDone({ status: 'stopped', trace: null, error: null });
      return;
    }
    if (run.slot.interrupt) {
      // Already over: the trace is being built and is on its way.
      if (run.stopTimer || run.ended) return;
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
    for (const slot of this.spares.splice(0)) this.kill(slot);
    this.listeners.clear();
    this.checkWarm();
  }

  private spawn(): Slot {
    const worker = this.makeWorker();
    const channel = new MessageChannel();
    const interrupt = this.isolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const slot: Slot = { worker, port: channel.port1, workerPort: channel.port2, interrupt, state: 'loading', info: null };
    channel.port1.onmessage = (event: MessageEvent<unknown>) => this.receive(slot, event.data);
    worker.addEventListener('error', (event) => {
      const detail = (event as Partial<ErrorEvent>).message;
      const message = typeof detail === 'string' && detail ? detail : 'the worker crashed';
      this.fail(slot, `Python worker error: ${message}`);
    });
    // Queued on the port until the worker takes it in `init`.
    void this.wasm?.then((module) => {
      const message: PageToWorker = { type: 'wasm', module };
      if (slot.state !== 'dead') slot.port.postMessage(message);
    });
    if (this.useSnapshot && !this.snapshot && this.snapshotFrom) this.waiting.push(slot);
    else this.start(slot);
    if (this.status.state !== 'loading' && !this.spares.some((s) => s.state === 'ready')) this.setStatus({ state: 'loading' });
    return slot;
  }

  /**
   * Starts workers until there are `spareCount` spares. One that needs the snapshot while it
   * is out is created at once all the same (it waits for its `init`): its script and
   * Pyodide's JavaScript load meanwhile, so it is ready sooner once the snapshot is back.
   * (Creating it only on the snapshot's return instead: a run pressed right after the first
   * run started 334 ms after the click instead of 69–125 ms, one run each at load ~18.)
   */
  private fill(): void {
    while (!this.disposed && this.spares.length < this.spareCount) this.spares.push(this.spawn());
  }

  /** Sends the worker its `init`: with the snapshot (lent), or asked to provide it. */
  private start(slot: Slot): void {
    const port = slot.workerPort!;
    slot.workerPort = null;
    const snapshot = this.useSnapshot ? this.snapshot : null;
    const makeSnapshot = this.useSnapshot && !snapshot;
    if (this.useSnapshot) {
      this.snapshot = null;
      this.snapshotFrom = slot;
    }
    const init: PageToWorker = {
      type: 'init',
      indexURL: this.options.indexURL,
      seed: this.options.seed ?? DEFAULT_SEED,
      interruptBuffer: slot.interrupt ? (slot.interrupt.buffer as SharedArrayBuffer) : null,
      precompiledWasm: this.wasm !== null,
      snapshot,
      makeSnapshot,
      snapshotURL: makeSnapshot && !this.shippedTried ? (this.options.snapshotURL ?? null) : null,
    };
    // Only the first provider is pointed at it: if it does not restore (a deployment that mixed
    // builds), the copy that worker lent on fails in the next one, which then provides the
    // snapshot the other ways instead of trying it again.
    if (makeSnapshot) this.shippedTried = true;
    slot.worker.postMessage(init, snapshot ? [port, snapshot.buffer] : [port]);
  }

  /** The snapshot is back (or lost with its worker): the next waiting worker may start. */
  private startWaiting(): void {
    while (this.waiting.length > 0 && !this.snapshotFrom) {
      const slot = this.waiting.shift()!;
      if (slot.state === 'dead') continue;
      this.start(slot);
    }
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
    this.fill();
  }

  private receive(slot: Slot, data: unknown): void {
    if (slot.state === 'dead') return;
    const message: WorkerToPage | null = parseWorkerMessage(data);
    if (!message) return;
    switch (message.type) {
      case 'ready': {
        if (slot.state !== 'loading') return;
        slot.state = 'ready';
        slot.info = { python: message.python, pyodide: message.pyodide, loadMs: message.loadMs, boot: message.boot };
        if (this.snapshotFrom === slot) {
          // Ready without handing a snapshot back (making it failed): the next worker is
          // asked to provide one.
          this.snapshotFrom = null;
          this.startWaiting();
        }
        this.setStatus({ state: 'ready', info: slot.info });
        const run = this.active;
        if (run && run.slot === slot && !run.sent) this.dispatch(run);
        break;
      }
      case 'snapshot':
        // Only from the worker it was lent to (or asked to provide it), while it loads:
        // before any program has run in it, so no user code can have shaped what every
        // later interpreter starts from.
        if (slot.state === 'loading' && this.snapshotFrom === slot) {
          this.snapshot = message.bytes;
          this.snapshotFrom = null;
          this.startWaiting();
        }
        break;
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
          run.callbacks.onStart?.(message.startedAt);
        }
        run.callbacks.onProgress?.(message.steps);
        break;
      }
      case 'ended': {
        const run = this.runOf(slot, message.runId);
        if (!run || run.ended) return;
        run.ended = true;
        run.callbacks.onProgress?.(message.steps);
        if (run.stopTimer) clearTimeout(run.stopTimer);
        if (run.watchdog) clearTimeout(run.watchdog);
        run.stopTimer = null;
        run.watchdog = setTimeout(() => {
          if (this.active !== run) return;
          const error = { type: 'RuntimeError', message: 'The trace took too long to build.', line: null, traceback: [] };
          this.finish(run, { status: 'error', trace: null, error }, true);
        }, this.buildTimeout);
        break;
      }
      case 'done': {
        const run = this.runOf(slot, message.runId);
        if (!run) return;
        const trace = fromWire(message.trace);
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
    const index = this.spares.indexOf(slot);
    if (index >= 0) {
      this.spares.splice(index, 1);
      if (this.spares.length === 0) this.setStatus({ state: 'failed', message });
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
    if (this.snapshotFrom === slot) {
      // The snapshot went with it: the next worker provides it again (Cache Storage keeps it).
      this.snapshotFrom = null;
      if (!this.disposed) this.startWaiting();
    }
  }

  private setStatus(status: ClientStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
    // Every change of readiness passes here: a spare ready, the pool failed.
    this.checkWarm();
  }

  whenWarm(): Promise<void> {
    return new Promise((resolve) => {
      this.warmWaiters.push(resolve);
      this.checkWarm();
    });
  }

  /** Wakes `whenWarm`'s waiters once every spare is ready, or nothing more will load. */
  private checkWarm(): void {
    const warm = this.spares.length >= this.spareCount && this.spares.every((s) => s.state === 'ready');
    if (!warm && !this.disposed && this.status.state !== 'failed') return;
    for (const resolve of this.warmWaiters.splice(0)) resolve();
  }
}
