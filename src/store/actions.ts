/**
 * Store actions that talk to the Python runtime. Plain functions, so components, key
 * bindings and tests call them alike; the runtime client is injected with
 * `connectRuntime` (a real worker pool in the app, a fake in component tests).
 */
import type { RunLimits } from '../protocol/messages';
import type { ClientStatus, PythonClient, RunResult } from '../runtime/client';
import { startingStep } from '../trace/steps';
import type { OutputChunk } from '../trace/types';
import { useStore } from './store';
import { initialRunState } from './runSlice';
import type { StoreState } from './types';

let client: PythonClient | null = null;
let startRuntime: (() => void) | null = null;

/**
 * How `runProgram` gets a runtime when none is connected: a page that opened on a replay
 * starts Python only when the reader presses Run (see ./share).
 */
export function setRuntimeStarter(start: (() => void) | null): void {
  startRuntime = start;
}

/** Marks on the page's performance timeline, read by scripts/measure-startup.mjs. */
export const Marks = {
  editor: 'refscope:editor',
  ready: 'refscope:ready',
  runClick: 'refscope:run-click',
  runStarted: 'refscope:run-started',
} as const;

/**
 * Hands the store a runtime client and follows its status. Returns a function that
 * disconnects (and disposes) it.
 */
export function connectRuntime(next: PythonClient): () => void {
  client?.dispose();
  client = next;
  useStore.setState({ ...initialRunState });
  const unsubscribe = next.subscribe(onClientStatus);
  onClientStatus(next.status);
  return () => {
    unsubscribe();
    if (client === next) {
      client = null;
      next.dispose();
    }
  };
}

function onClientStatus(status: ClientStatus): void {
  const state = useStore.getState();
  switch (status.state) {
    case 'loading':
      return;
    case 'ready': {
      const first = state.timings.readyAtMs === null;
      if (first) mark(Marks.ready);
      useStore.setState({
        python: status.info.python,
        pyodide: status.info.pyodide,
        pythonBoot: first ? status.info.boot : state.pythonBoot,
        status: state.status === 'loading' ? 'ready' : state.status,
        timings: {
          ...state.timings,
          loadMs: first ? status.info.loadMs : state.timings.loadMs,
          readyAtMs: first ? now() : state.timings.readyAtMs,
        },
      });
      if (state.runQueued) {
        useStore.setState({ runQueued: false });
        runProgram();
      }
      return;
    }
    case 'failed':
      if (state.status === 'running') return; // the run's own onDone reports it
      useStore.setState({
        status: 'error',
        runQueued: false,
        error: { type: 'LoadError', message: status.message, line: null, traceback: [] },
      });
      return;
  }
}

/**
 * Runs the editor's program in a fresh interpreter. Before Python is ready the run is
 * queued and starts as soon as it is.
 */
export function runProgram(limits?: RunLimits): void {
  if (!client) startRuntime?.();
  const state = useStore.getState();
  if (!client || state.status === 'running') return;
  if (state.status === 'loading') {
    useStore.setState({ runQueued: true });
    return;
  }
  const clickedAt = now();
  mark(Marks.runClick);
  resetRun({ status: 'running', error: null, ranSource: state.source });
  const runId = useStore.getState().runId;
  const current = () => useStore.getState().runId === runId;
  client.run(state.source, limits ?? state.limits, {
    onStart: (startedAt) => {
      if (!current()) return;
      // When the program started executing (the worker's clock, which the page's shares), kept
      // between the click and now; else when the page heard of it.
      const heard = now();
      const started = startedAt === undefined ? heard : Math.min(heard, Math.max(clickedAt, startedAt - performance.timeOrigin));
      mark(Marks.runStarted, started);
      const timings = useStore.getState().timings;
      useStore.setState({ runStarted: true, timings: { ...timings, rerunLatencyMs: started - clickedAt } });
    },
    onOutput: (chunks) => {
      if (current()) useStore.setState((s) => ({ output: appendChunks(s.output, chunks) }));
    },
    onProgress: (steps) => {
      if (current()) useStore.setState({ steps });
    },
    onDone: (result) => {
      if (current()) finishRun(result, clickedAt);
    },
  });
}

function finishRun(result: RunResult, clickedAt: number): void {
  const state = useStore.getState();
  const { trace } = result;
  // The trace carries the run's output; the streamed chunks were its live preview, and are
  // all there is when the worker had to be terminated.
  const output = trace ? trace.output : state.output;
  const stepCount = trace ? trace.steps.line.length : state.steps;
  const start = trace ? startingStep(trace) : { step: Math.max(0, stepCount - 1), landing: null };
  useStore.setState({
    status: result.status,
    error: result.error,
    trace,
    output,
    steps: stepCount,
    cursor: start.step,
    landing: start.landing,
    python: trace?.meta.python ?? state.python,
    pyodide: trace?.meta.pyodide ?? state.pyodide,
    timings: { ...state.timings, lastRunMs: now() - clickedAt },
  });
}

/** Ends the current run as `stopped` (or cancels a run waiting for Python to load). */
export function stopProgram(): void {
  const state = useStore.getState();
  if (state.runQueued) {
    useStore.setState({ runQueued: false });
    return;
  }
  if (state.status === 'running') client?.stop();
}

/** What a trace on screen brings with it: all of it goes when the trace goes. */
export function noTrace(): Pick<StoreState, 'trace' | 'output' | 'error' | 'steps' | 'cursor' | 'landing' | 'selectedObject'> {
  return { trace: null, output: [], error: null, steps: 0, cursor: 0, landing: null, selectedObject: null };
}

/**
 * Puts `patch` on screen in place of the current run: a run in progress is stopped and
 * whatever it still sends is ignored (its callbacks carry the old `runId`), a queued run is
 * cancelled, and its trace goes. A failed interpreter load stays reported; otherwise the
 * page is ready for the next program (`patch` may say otherwise).
 */
export function resetRun(patch: Partial<StoreState> = {}): void {
  const state = useStore.getState();
  if (state.runQueued || state.status === 'running') stopProgram();
  useStore.setState({
    ...noTrace(),
    ...(state.python !== null ? { status: 'ready', error: null } : { error: state.error }),
    runId: state.runId + 1,
    runQueued: false,
    runStarted: false,
    ...patch,
  });
}

function appendChunks(output: OutputChunk[], chunks: OutputChunk[]): OutputChunk[] {
  return chunks.length === 0 ? output : output.concat(chunks);
}

function now(): number {
  return performance.now();
}

export function mark(name: string, startTime?: number): void {
  try {
    performance.mark(name, startTime === undefined ? undefined : { startTime });
  } catch {
    // Marks are for measurement only.
  }
}
