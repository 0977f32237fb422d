/**
 * Store actions for teaching: loading a gallery example, presentation mode, and the view
 * settings a link carries (`&lang=`, `&present=`). Plain functions, like ./actions.
 */
import { exampleById, exampleWithSource } from '../examples';
import { stopProgram } from './actions';
import { parseHash, parseHashView } from './hash';
import { useStore } from './store';
import type { StoreState } from './types';

/**
 * Puts an example's program and explanation in the editor without running it. A run in
 * progress is stopped and its results dropped; the previous trace is cleared, since it
 * belongs to another program. Returns false for an unknown id.
 */
export function loadExample(id: string): boolean {
  const example = exampleById(id);
  if (!example) return false;
  const state = useStore.getState();
  if (state.runQueued || state.status === 'running') stopProgram();
  const patch: Partial<StoreState> = {
    source: example.code,
    exampleId: example.id,
    notice: null,
    runQueued: false,
    // Callbacks of the stopped run carry the old id and are ignored.
    runId: state.runId + 1,
    trace: null,
    output: [],
    cursor: 0,
    selectedObject: null,
    steps: 0,
    runStarted: false,
  };
  // A failed interpreter load stays reported; otherwise the page is ready for the new program.
  if (state.python !== null) Object.assign(patch, { status: 'ready', error: null });
  useStore.setState(patch);
  return true;
}

export function setPresent(present: boolean): void {
  useStore.getState().setPresent(present);
}

export function togglePresent(): void {
  setPresent(!useStore.getState().present);
}

/**
 * Applies a link's view settings: `lang` (not remembered as the reader's own choice),
 * `present`, and the example whose program the link holds, so its explanation shows.
 */
export function applyHashView(hash: string): void {
  const view = parseHashView(hash);
  const patch: Partial<StoreState> = {};
  if (view.lang) patch.lang = view.lang;
  if (view.present !== null) patch.present = view.present;
  const { source } = parseHash(hash);
  if (source !== null) patch.exampleId = exampleWithSource(source)?.id ?? null;
  useStore.setState(patch);
}
