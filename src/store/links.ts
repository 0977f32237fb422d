/**
 * The store's side of share links: opening a URL hash (src/share/link.ts reads and writes
 * every key), the view on screen as a link, and the reader's own choices written back over
 * the address. Plain functions, like ./actions.
 */
import { exampleWithSource } from '../examples';
import { DEFAULT_LIMITS, DEFAULT_SEED } from '../protocol/messages';
import { hashWith, parseLink, type LinkView, type Theme } from '../share/link';
import { runProgram } from './actions';
import { SEED_SOURCE } from './programSlice';
import { showExampleRecording } from './recording';
import { abandonReplay, replay } from './replay';
import { startRuntime } from './runtime';
import { useStore } from './store';
import { clampStep } from './traceSlice';
import type { StoreState } from './types';

/**
 * Applies a URL hash: view settings, the program, budgets, seed, the step to show, and
 * either a live run (`run=1`) or a replay. What cannot be used is listed in `problems`;
 * a program that cannot be read shows the default example instead. Returns what it did,
 * and the link's colour scheme, which belongs to the page, not the store (boot applies it).
 */
export function openLink(hash: string): { run: boolean; replay: boolean; theme: Theme | null } {
  const { view, problems } = parseLink(hash);
  const refused = problems.some((p) => p.kind === 'broken-code' || p.kind === 'code-too-long');
  const patch: Partial<StoreState> = { problems };
  if (view.lang) patch.lang = view.lang;
  if (view.present !== null) patch.present = view.present;
  if (view.all !== null) patch.showAllObjects = view.all;
  if (view.view !== null) patch.inspectView = view.view;
  if (view.seed !== null) patch.seed = view.seed;

  if (view.trace !== null || view.tracez !== null) {
    useStore.setState(patch);
    const from = view.tracez !== null ? { from: 'inline' as const, tracez: view.tracez } : { from: 'url' as const, url: view.trace ?? '' };
    void replay(from, view.step, view.source);
    return { run: false, replay: true, theme: view.theme };
  }

  // A live link ends a replay (one still loading is abandoned); one that changes only the
  // view (e.g. `#lang=`) keeps an example's recording.
  abandonReplay();
  const current = useStore.getState().replay;
  if (current && !(current.from === 'example' && view.source === null && !refused)) patch.replay = null;
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
  // A link without a program of its own (or with an example's, not to be run) opens on the
  // example's recording; started after Python, which it must never delay.
  else if (!refused) showRecordingOfEditor();
  return { run: view.run, replay: false, theme: view.theme };
}

function showRecordingOfEditor(): void {
  const { source, trace } = useStore.getState();
  const example = exampleWithSource(source);
  if (example && trace === null) void showExampleRecording(example.id);
}

/**
 * The view on screen as a link: the program (or the replayed trace), whether to run it, the
 * step, seed, object filter, language, presentation mode, the heap view and budgets.
 */
export type ViewState = Pick<StoreState, 'source' | 'trace' | 'cursor' | 'seed' | 'limits' | 'showAllObjects' | 'lang' | 'present' | 'inspectView' | 'replay'>;

/** The parts of the store a link carries (for `useShallow` selectors). */
export function pickViewState(s: StoreState): ViewState {
  const { source, trace, cursor, seed, limits, showAllObjects, lang, present, inspectView, replay } = s;
  return { source, trace, cursor, seed, limits, showAllObjects, lang, present, inspectView, replay };
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
  if (state.inspectView === 'heap') view.view = 'heap';
  return view;
}

/**
 * Changes one key of the address's hash without a history entry or a `hashchange` (which
 * would reopen the link): the reader's own choice, written over what a link asked for.
 */
export function rewriteAddress(key: string, value: string | null): void {
  if (typeof location === 'undefined' || typeof history === 'undefined') return;
  const next = hashWith(location.hash, key, value);
  if (next === location.hash || (next === '' && !location.hash)) return;
  try {
    history.replaceState(history.state, '', `${location.pathname}${location.search}${next}`);
  } catch {
    // A sandboxed frame may refuse; the choice itself has taken effect all the same.
  }
}

/** A link's step goes to the cursor when the next trace arrives; an edit of the program first cancels it. */
function follow(s: StoreState, prev: StoreState): void {
  if (s.pendingStep === null) return;
  if (s.trace && s.trace !== prev.trace) useStore.setState({ cursor: clampStep(s.trace, s.pendingStep), landing: null, pendingStep: null });
  else if (s.source !== prev.source && s.pendingStep === prev.pendingStep) useStore.setState({ pendingStep: null });
}

useStore.subscribe(follow);
