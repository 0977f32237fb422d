/**
 * The Refscope store: one zustand store of slices (program, run, trace). Actions that
 * talk to the Python worker are plain functions (callable outside React); components
 * select single values with `useStore(selector)`.
 */
export { useStore } from './store';
export type { ProgramSlice, ReplaySource, RunSlice, RunStatus, RunTimings, ShareSlice, StoreState, TeachingSlice, TraceSlice } from './types';
export { SEED_SOURCE } from './programSlice';
export { connectRuntime, mark, Marks, runProgram, stopProgram } from './actions';
export { currentView, pickViewState, loadProgramFromHash, openLink, openTraceFile, runtimeStarted, setRuntimeFactory, showTrace, startRuntime } from './share';
export type { ViewState } from './share';
export { currentLine, errorLine, formatError, isBusy } from './selectors';
export { buildHash, parseHash, parseHashView } from './hash';
export { applyHashView, loadExample, setPresent, togglePresent } from './teaching';
