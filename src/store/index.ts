/**
 * The Refscope store: one zustand store of slices (program, run, trace). Actions that
 * talk to the Python worker are plain functions (callable outside React); components
 * select single values with `useStore(selector)`.
 */
export { useStore } from './store';
export type { ProgramSlice, ReplaySource, RunSlice, RunStatus, RunTimings, ShareSlice, StoreState, TeachingSlice, TraceSlice } from './types';
export { SEED_SOURCE } from './programSlice';
export { connectRuntime, mark, Marks, runProgram, stopProgram } from './actions';
export { currentView, openLink, pickViewState } from './links';
export type { ViewState } from './links';
export { setRuntimeFactory, startRuntime } from './runtime';
export { openTraceFile, prewarmTraceReading } from './replay';
export { addTraceWarmer } from './prepare';
export { currentLine, errorLine, isBusy, onSeedProgram, programChanged } from './selectors';
export { chooseInspectView, chooseLang, loadExample, setPresent, togglePresent } from './teaching';
export { deferRecordings, latestRecording, showExampleRecording } from './recording';
