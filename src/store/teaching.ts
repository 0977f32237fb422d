/**
 * Store actions for teaching: loading a gallery example, presentation mode and the language,
 * as the reader chooses them (a link's `&lang=`, `&present=` are read in ./links). Plain
 * functions, like ./actions.
 */
import { exampleById } from '../examples';
import { hashHas, type InspectView } from '../share/link';
import type { Lang } from '../i18n/lang';
import { resetRun } from './actions';
import { rewriteAddress } from './links';
import { showExampleRecording } from './recording';
import { useStore } from './store';

/**
 * Puts an example's program and explanation in the editor without running it, then its
 * recorded run (./recording) once fetched. A run in progress is stopped and its results
 * dropped; the previous trace is cleared, since it belongs to another program. Returns
 * false for an unknown id.
 */
export function loadExample(id: string): boolean {
  const example = exampleById(id);
  if (!example) return false;
  resetRun({ source: example.code, exampleId: example.id });
  void showExampleRecording(example.id);
  return true;
}

/**
 * Presentation mode on or off, as the reader chose it. A link's `present=` asked for the
 * mode it opened in; once the reader changes it, the address stops asking (so Escape out of
 * a `#present=1` link stays out on reload, and the link copied from the address bar agrees).
 */
export function setPresent(present: boolean): void {
  if (useStore.getState().present === present) return;
  useStore.getState().setPresent(present);
  rewriteAddress('present', null);
}

/**
 * The language the reader picked: remembered for the next visit (see teachingSlice), and
 * written over a link's `lang=` in the address, which would otherwise win again on reload.
 */
export function chooseLang(lang: Lang): void {
  useStore.getState().setLang(lang);
  if (typeof location !== 'undefined' && hashHas(location.hash, 'lang')) rewriteAddress('lang', lang);
}

/**
 * Variables or the heap, as the reader chose: written over a link's `view=` in the address
 * (as `lang` is), so a reload shows what the reader last looked at.
 */
export function chooseInspectView(view: InspectView): void {
  useStore.getState().setInspectView(view);
  if (typeof location !== 'undefined' && hashHas(location.hash, 'view')) rewriteAddress('view', view === 'heap' ? 'heap' : null);
}

export function togglePresent(): void {
  setPresent(!useStore.getState().present);
}
