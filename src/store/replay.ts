/**
 * Recorded traces on screen: a link's (`trace=` URL or inline `tracez=`) and a trace file
 * the reader opened. Reading them (fetch, decompression, FileReader) is here, a large one
 * decoded in a worker (trace/readOffThread); no runtime is started for a replay, so Pyodide
 * is neither started nor downloaded until Run.
 */
import { exampleWithSource } from '../examples';
import { DEFAULT_EXAMPLE_ID } from '../examples/recordings';
import type { LinkProblem } from '../share/link';
import { tracezBytes } from '../share/tracez';
import { prewarmReader, readTraceFileOffThread } from '../trace/readOffThread';
import type { TraceData } from '../trace/types';
import { startingStep } from '../trace/steps';
import { resetRun } from './actions';
import { prepareTrace } from './prepare';
import { recordingURL } from './recording';
import { SEED_SOURCE } from './programSlice';
import { startRuntime } from './runtime';
import { useStore } from './store';
import { clampStep } from './traceSlice';
import type { ReplaySource, StoreState } from './types';

let replayToken = 0;

/** Abandons a replay still loading (a live link or page replaces it). */
export function abandonReplay(): void {
  replayToken++;
}

/**
 * Loads a link's recorded trace and shows it at `step` (the story step when null). A trace
 * that cannot be had is listed in `problems` and the page goes live on `fallbackSource`
 * (the link's program, else the default example): never a blank page.
 */
export async function replay(from: Exclude<ReplaySource, { from: 'file' | 'example' }>, step: number | null, fallbackSource: string | null): Promise<void> {
  const token = ++replayToken;
  resetRun({ replay: { ...from, state: 'loading' }, error: null, pendingStep: null });
  try {
    const trace = await readTrace(from, token);
    if (!(await prepareTrace(trace, () => token === replayToken))) return;
    showTrace(trace, from, step);
  } catch (error) {
    if (token !== replayToken) return;
    const problem = error instanceof ReplayError ? error.problem : { kind: 'trace-failed' as const, reason: 'format' as const, detail: String(error) };
    const source = fallbackSource ?? SEED_SOURCE;
    useStore.setState((s) => ({ replay: null, problems: [...s.problems, problem], source, exampleId: exampleWithSource(source)?.id ?? null }));
    startRuntime();
  }
}

class ReplayError extends Error {
  constructor(readonly problem: LinkProblem) {
    super(problem.kind);
  }
}

/** A recording read faster than this shows no progress at all. */
const PROGRESS_AFTER_MS = 250;
/** Least time between two progress updates. */
const PROGRESS_EVERY_MS = 200;

/**
 * Shows how much of a large recording has been read (the status line follows `replay.progress`):
 * only once reading has taken a while, and a few times a second. Every change of the status
 * line repaints the page between two slices of reading, which cost more than the slices
 * themselves (50–100 ms a frame under load, measured): updating it every 12 ms slice made
 * opening the seed run's recording several times slower.
 */
function reportProgress(token: number): (fraction: number) => void {
  let next = performance.now() + PROGRESS_AFTER_MS;
  return (progress) => {
    const now = performance.now();
    if (now < next) return;
    next = now + PROGRESS_EVERY_MS;
    const replay = useStore.getState().replay;
    if (token === replayToken && replay?.state === 'loading') useStore.setState({ replay: { ...replay, progress } });
  };
}

async function readTrace(from: Exclude<ReplaySource, { from: 'file' | 'example' }>, token: number): Promise<TraceData> {
  let bytes: Uint8Array;
  if (from.from === 'inline') {
    const decoded = tracezBytes(from.tracez);
    if (decoded === null) throw new ReplayError({ kind: 'trace-failed', reason: 'unreadable', detail: '' });
    bytes = decoded;
  } else {
    // The reading worker starts (loads its code) while the recording downloads.
    prewarmReader();
    // Relative to the page (the embed's folder for a blog's embed); Node tests have no page.
    const url = new URL(from.url, typeof document === 'undefined' ? 'http://localhost/' : document.baseURI);
    let response: Response;
    try {
      response = await fetch(url, { credentials: 'same-origin' });
    } catch (error) {
      throw new ReplayError({ kind: 'trace-failed', reason: 'fetch', detail: error instanceof Error ? error.message : String(error) });
    }
    if (!response.ok) throw new ReplayError({ kind: 'trace-failed', reason: 'fetch', detail: `HTTP ${response.status}` });
    bytes = new Uint8Array(await response.arrayBuffer());
  }
  // Statically imported: a link's recording reaches the worker from the entry chunk, while the app's code loads.
  try {
    return await readTraceFileOffThread(bytes, { onProgress: reportProgress(token) });
  } catch (error) {
    throw new ReplayError({ kind: 'trace-failed', reason: 'format', detail: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Puts a recorded trace on screen as if it had just run here: its program in the editor, its
 * output, status and seed, the cursor at `step` (default: where the story is, see trace/steps). A run in progress
 * is stopped and its results dropped.
 */
export function showTrace(trace: TraceData, from: ReplaySource, step: number | null = null): void {
  const start = startingStep(trace);
  const { meta } = trace;
  resetRun({
    source: meta.source,
    exampleId: exampleWithSource(meta.source)?.id ?? null,
    seed: meta.seed,
    limits: { ...useStore.getState().limits, maxSteps: meta.maxSteps, maxSeconds: meta.maxSeconds },
    status: meta.status,
    error: meta.error,
    trace,
    ranSource: meta.source,
    output: trace.output,
    steps: trace.steps.line.length,
    cursor: step === null ? start.step : clampStep(trace, step),
    landing: step === null ? start.landing : null,
    python: meta.python,
    pyodide: meta.pyodide,
    replay: { ...from, state: 'ready' },
    pendingStep: null,
  });
}

/**
 * The reader is about to hand over a file (Open pressed, a file dragged over the page): start
 * the reading worker now, practising on the default example's recording (the first view's,
 * already fetched) while the reader chooses.
 */
export function prewarmTraceReading(): void {
  prewarmReader(undefined, recordingURL(DEFAULT_EXAMPLE_ID).href);
}

/**
 * Reads a trace file the reader opened or dropped (compact or JSON, gzipped or not) and
 * shows it; a large one reads in slices with its progress in the status line. Errors (not
 * a Refscope trace) become a notice and leave the screen as it was; returns whether the
 * trace is on screen.
 */
export async function openTraceFile(file: Blob & { name?: string }): Promise<boolean> {
  const name = file.name ?? 'trace.refscope';
  const token = ++replayToken;
  const before = useStore.getState().replay;
  try {
    const bytes = await readBytes(file);
    // The bytes go to the reading worker first, then the page renders "loading" (that render
    // took 15–20 ms of the page's thread, all of it before the worker had a byte).
    const reading = readTraceFileOffThread(bytes, { onProgress: reportProgress(token) });
    if (token === replayToken) useStore.setState({ replay: { from: 'file', name, state: 'loading' } });
    const trace = await reading;
    if (!(await prepareTrace(trace, () => token === replayToken))) return false;
    showTrace(trace, { from: 'file', name });
    useStore.setState({ problems: [] });
    return true;
  } catch (error) {
    if (token === replayToken) {
      useStore.setState({ replay: before, problems: [{ kind: 'bad-file', name, detail: error instanceof Error ? error.message : String(error) }] });
    }
    return false;
  }
}

/** A file's bytes (FileReader where Blob.arrayBuffer is missing). */
function readBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsArrayBuffer(file);
  });
}

/** A replay ends when a run or an example replaces its trace. */
function follow(s: StoreState, prev: StoreState): void {
  if (s.replay && s.replay === prev.replay && s.trace !== prev.trace) useStore.setState({ replay: null });
}

useStore.subscribe(follow);
