import type { StateCreator } from 'zustand';
import type { InterpreterBoot, RunLimits } from '../protocol/messages';
import type { OutputChunk, RunEnd, RunError, TraceData } from '../trace/types';
import type { Lang } from '../i18n/lang';
import type { InspectView, LinkProblem } from '../share/link';
import type { StoryStep } from '../trace/steps';

/** What the run-status element reports (`data-status`); `running` and the RunEnd values. */
export type RunStatus = 'loading' | 'ready' | 'running' | RunEnd;

export interface ProgramSlice {
  /** The program in the editor. */
  source: string;
  /** Budgets for the next run. */
  limits: RunLimits;
  setSource: (source: string) => void;
  setLimits: (limits: RunLimits) => void;
}

export interface RunTimings {
  /** Worker creation to a ready interpreter, as measured in the worker. */
  loadMs: number | null;
  /** Page navigation to the first ready interpreter. */
  readyAtMs: number | null;
  /** Run click to the end of the run. */
  lastRunMs: number | null;
  /** Run click to the interpreter starting the program. */
  rerunLatencyMs: number | null;
}

export interface RunSlice {
  status: RunStatus;
  /** stdout and stderr in the order written. */
  output: OutputChunk[];
  error: RunError | null;
  python: string | null;
  pyodide: string | null;
  /** How the first interpreter of the page started (`data-python-boot` on the run status). */
  pythonBoot: InterpreterBoot | null;
  /** Increases with every run; callbacks of older runs are ignored. */
  runId: number;
  /** The program the current (or last) run ran, or the shown trace's; null before any. */
  ranSource: string | null;
  /** Steps executed so far in the current run (or the last one). */
  steps: number;
  /** The interpreter has begun the current run (false while a fresh one is still loading). */
  runStarted: boolean;
  /** A run was asked for before the interpreter was ready; it starts once it is. */
  runQueued: boolean;
  timings: RunTimings;
}

export interface TraceSlice {
  trace: TraceData | null;
  /** The step every panel follows. */
  cursor: number;
  /** Index into `trace.objects`, or null. */
  selectedObject: number | null;
  /** Show every object, including pre-existing and immortal ones. */
  showAllObjects: boolean;
  /** What the panel under the step controls shows (a link's `view`; the embed's folded heap). */
  inspectView: InspectView;
  /** Where the cursor was put when the trace arrived, and why (the narration says so there); null when a link chose the step. */
  landing: StoryStep | null;
  setCursor: (step: number) => void;
  selectObject: (obj: number | null) => void;
  setShowAllObjects: (show: boolean) => void;
  setInspectView: (view: InspectView) => void;
}

/** Teaching view settings: UI language, presentation mode, the example in the editor. */
export interface TeachingSlice {
  lang: Lang;
  /** Presentation mode: large type, high contrast, simplified chrome, bigger timeline marks. */
  present: boolean;
  /** The gallery example last loaded into the editor (its explanation is shown), or null. */
  exampleId: string | null;
  setLang: (lang: Lang) => void;
  setPresent: (present: boolean) => void;
  setExampleId: (id: string | null) => void;
}

/**
 * Where a trace on screen came from when it was not run on this page; `example` is a gallery
 * example's recording that ships with the app (./recording).
 */
export type ReplaySource =
  | { from: 'url'; url: string }
  | { from: 'inline'; tracez: string }
  | { from: 'file'; name: string }
  | { from: 'example'; id: string };

/** Share links, replays and trace files (actions in ./links and ./replay). */
export interface ShareSlice {
  /** PYTHONHASHSEED of the interpreters this page runs programs in. */
  seed: number;
  /** The trace on screen is a recording (a link's or a file's), not a run on this page; null otherwise. */
  replay: (ReplaySource & { state: 'loading' | 'ready'; /** Fraction read so far while loading (0…1). */ progress?: number }) | null;
  /** What the last link, trace file or download asked for that could not be done (shown in the notice). */
  problems: LinkProblem[];
  /** The step a link asked for, applied when the next trace arrives. */
  pendingStep: number | null;
}

export type StoreState = ProgramSlice & RunSlice & TraceSlice & TeachingSlice & ShareSlice;

export type SliceCreator<T> = StateCreator<StoreState, [], [], T>;
