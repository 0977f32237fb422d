/**
 * Store actions for share links, replays and trace files. Plain functions, like ./actions.
 *
 * A link either runs a program live (Python in a worker) or replays a saved trace (`trace=`
 * or `tracez=`), in which case no runtime is created at all: Pyodide is neither started nor
 * downloaded until the reader presses Run.
 */
import { exampleWithSource } from '../examples';
import { DEFAULT_LIMITS, DEFAULT_SEED } from '../protocol/messages';
import type { PythonClient } from '../runtime/client';
import { decompressTrace, parseLink, type LinkProblem, type LinkView } from '../share/link';
import type { TraceData } from '../trace/types';
import { connectRuntime, runProgram, setRuntimeStarter, stopProgram } from './actions';
import { SEED_SOURCE } from './programSlice';
import { useStore } from './store';
import type { ReplaySource, StoreState } from './types';

let factory: ((seed: number) => PythonClient) | null = null;
let replayToken = 0;
let connected: { seed: number; disconnect: () => void } | null = null;

/**
 * How this page makes a runtime client (for a seed). Nothing starts until a link asks for a
 * live page (`openLink`) or the reader presses Run. `null` disconnects the runtime.
 */
export function setRuntimeFactory(make: ((seed: number) => PythonClient) | null): void {
  factory = make;
  setRuntimeStarter(make ? startRuntime : null);
  if (!make) {
    connected?.disconnect();
    connected = null;
  }
}

/** Connects a runtime for the store's seed, unless one with that seed is connected already. */
export function startRuntime(): void {
  const seed = useStore.getState().seed;
  if (!factory || connected?.seed === seed) return;
  connected?.disconnect();
  connected = { seed, disconnect: connectRuntime(factory(seed)) };
}

/** Whether a runtime was started (a replay starts none). */
export function runtimeStarted(): boolean {
  return connected !== null;
}

/**
 * Applies a URL hash: view settings, the program, budgets, seed, the step to show, and
 * either a live run (`run=1`) or a replay. What cannot be used is listed in `problems`;
 * a program that cannot be read shows the default example instead. Returns what it did.
 */
export function openLink(hash: string): { run: boolean; replay: boolean } {
  const { view, problems } = parseLink(hash);
  const refused = problems.some((p) => p.kind === 'broken-code' || p.kind === 'code-too-long');
  const patch: Partial<StoreState> = { problems, notice: null };
  if (view.lang) patch.lang = view.lang;
  if (view.present !== null) patch.present = view.present;
  if (view.all !== null) patch.showAllObjects = view.all;
  if (view.seed !== null) patch.seed = view.seed;

  if (view.trace !== null || view.tracez !== null) {
    useStore.setState(patch);
    void replayFromLink(view);
    return { run: false, replay: true };
  }

  // A live link ends a replay (one still loading is abandoned).
  replayToken++;
  if (useStore.getState().replay) patch.replay = null;
  const source = refused ? SEED_SOURCE : view.source;
  if (source !== null) {
    patch.source = source;
    patch.exampleId = exampleWithSource(source)?.id ?? null;
    patch.limits = refused
      ? DEFAULT_LIMITS
      : { ...DEFAULT_LIMITS, maxSteps: view.maxSteps ?? DEFAULT_LIMITS.maxSteps, maxSeconds: view.maxSeconds ?? DEFAULT_LIMITS.maxSeconds };
  }
  patch.pendingStep = view.step;
  useStore.setState(patch);
  startRuntime();
  if (view.run) runProgram();
  return { run: view.run, replay: false };
}

/** `openLink` for callers that only need to know whether it runs. */
export function loadProgramFromHash(hash: string): boolean {
  return openLink(hash).run;
}

async function replayFromLink(view: LinkView): Promise<void> {
  const token = ++replayToken;
  const from: ReplaySource = view.tracez !== null ? { from: 'inline', tracez: view.tracez } : { from: 'url', url: view.trace ?? '' };
  const state = useStore.getState();
  if (state.runQueued || state.status === 'running') stopProgram();
  useStore.setState({ replay: { ...from, state: 'loading' }, trace: null, output: [], error: null, cursor: 0, selectedObject: null, pendingStep: null });
  try {
    const trace = await readTrace(from);
    if (token !== replayToken) return;
    showTrace(trace, from, view.step);
  } catch (error) {
    if (token !== replayToken) return;
    const problem = error instanceof ReplayError ? error.problem : { kind: 'trace-failed' as const, reason: 'format' as const, detail: String(error) };
    // Never a blank page: the program of the link (or the default example), live.
    useStore.setState((s) => ({
      replay: null,
      problems: [...s.problems, problem],
      source: view.source ?? SEED_SOURCE,
      exampleId: exampleWithSource(view.source ?? SEED_SOURCE)?.id ?? null,
    }));
    startRuntime();
  }
}

class ReplayError extends Error {
  constructor(readonly problem: LinkProblem) {
    super(problem.kind);
  }
}

async function readTrace(from: ReplaySource): Promise<TraceData> {
  let text: string;
  if (from.from === 'inline') {
    const json = decompressTrace(from.tracez);
    if (json === null) throw new ReplayError({ kind: 'trace-failed', reason: 'unreadable', detail: '' });
    text = json;
  } else if (from.from === 'url') {
    // Relative to the page (the embed's folder for a blog's embed); Node tests have no page.
    const url = new URL(from.url, typeof document === 'undefined' ? 'http://localhost/' : document.baseURI);
    let response: Response;
    try {
      response = await fetch(url, { credentials: 'same-origin' });
    } catch (error) {
      throw new ReplayError({ kind: 'trace-failed', reason: 'fetch', detail: error instanceof Error ? error.message : String(error) });
    }
    if (!response.ok) throw new ReplayError({ kind: 'trace-failed', reason: 'fetch', detail: `HTTP ${response.status}` });
    text = await response.text();
  } else {
    throw new ReplayError({ kind: 'trace-failed', reason: 'unreadable', detail: '' });
  }
  const { traceFromJSON } = await import('../trace/json');
  try {
    return traceFromJSON(text);
  } catch (error) {
    throw new ReplayError({ kind: 'trace-failed', reason: 'format', detail: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Puts a recorded trace on screen as if it had just run here: its program in the editor, its
 * output, status and seed, the cursor at `step` (default: the last step). A run in progress
 * is stopped and its results dropped.
 */
export function showTrace(trace: TraceData, from: ReplaySource, step: number | null = null): void {
  const state = useStore.getState();
  if (state.runQueued || state.status === 'running') stopProgram();
  const n = trace.steps.line.length;
  const last = Math.max(0, n - 1);
  const { meta } = trace;
  useStore.setState({
    source: meta.source,
    exampleId: exampleWithSource(meta.source)?.id ?? null,
    seed: meta.seed,
    limits: { ...state.limits, maxSteps: meta.maxSteps, maxSeconds: meta.maxSeconds },
    // Callbacks of a stopped run carry the old id and are ignored.
    runId: useStore.getState().runId + 1,
    runQueued: false,
    runStarted: false,
    status: meta.status,
    error: meta.error,
    trace,
    output: trace.output,
    steps: n,
    cursor: step === null ? last : Math.min(Math.max(0, step), last),
    selectedObject: null,
    python: meta.python,
    pyodide: meta.pyodide,
    replay: { ...from, state: 'ready' },
    pendingStep: null,
  });
}

/**
 * Reads a trace file the reader opened or dropped and shows it. Errors (not JSON, not a
 * Refscope trace) become a notice; returns whether the trace is on screen.
 */
export async function openTraceFile(file: Blob & { name?: string }): Promise<boolean> {
  const name = file.name ?? 'trace.json';
  try {
    const [{ traceFromJSON }, text] = await Promise.all([import('../trace/json'), readText(file)]);
    showTrace(traceFromJSON(text), { from: 'file', name });
    useStore.setState({ problems: [], notice: null });
    return true;
  } catch (error) {
    useStore.setState({ problems: [{ kind: 'bad-file', name, detail: error instanceof Error ? error.message : String(error) }] });
    return false;
  }
}

/** A file's text (FileReader where Blob.text is missing). */
function readText(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(file);
  });
}

/**
 * The view on screen as a link: the program (or the replayed trace), whether to run it, the
 * step, seed, object filter, language, presentation mode and budgets.
 */
export type ViewState = Pick<StoreState, 'source' | 'trace' | 'cursor' | 'seed' | 'limits' | 'showAllObjects' | 'lang' | 'present' | 'replay'>;

/** The parts of the store a link carries (for `useShallow` selectors). */
export function pickViewState(s: StoreState): ViewState {
  const { source, trace, cursor, seed, limits, showAllObjects, lang, present, replay } = s;
  return { source, trace, cursor, seed, limits, showAllObjects, lang, present, replay };
}

export function currentView(state: ViewState): Partial<LinkView> {
  const view: Partial<LinkView> = {};
  const replay = state.replay?.state === 'ready' && state.trace?.meta.source === state.source ? state.replay : null;
  if (replay?.from === 'url') view.trace = replay.url;
  else if (replay?.from === 'inline') view.tracez = replay.tracez;
  else {
    view.source = state.source;
    view.run = state.trace !== null;
    if (state.seed !== DEFAULT_SEED) view.seed = state.seed;
    if (state.limits.maxSteps !== DEFAULT_LIMITS.maxSteps) view.maxSteps = state.limits.maxSteps;
    if (state.limits.maxSeconds !== DEFAULT_LIMITS.maxSeconds) view.maxSeconds = state.limits.maxSeconds;
  }
  if (state.trace) view.step = state.cursor;
  if (state.showAllObjects) view.all = true;
  view.lang = state.lang;
  if (state.present) view.present = true;
  return view;
}

/**
 * Follows the store: a link's step goes to the cursor when the next trace arrives (an edit
 * of the program first cancels it); a replay ends when a run or an example replaces its trace.
 */
function follow(s: StoreState, prev: StoreState): void {
  const patch: Partial<StoreState> = {};
  if (s.pendingStep !== null) {
    if (s.trace && s.trace !== prev.trace) {
      patch.cursor = Math.min(s.pendingStep, Math.max(0, s.trace.steps.line.length - 1));
      patch.pendingStep = null;
    } else if (s.source !== prev.source && s.pendingStep === prev.pendingStep) {
      patch.pendingStep = null;
    }
  }
  if (s.replay && s.replay === prev.replay && s.trace !== prev.trace) patch.replay = null;
  if (Object.keys(patch).length > 0) useStore.setState(patch);
}

useStore.subscribe(follow);
