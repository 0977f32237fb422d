/**
 * The editor before React: at start-up the page loads CodeMirror and shows the program in
 * the page's own outline of the app (`#early`: header, program pane, trace and output panes,
 * written into index.html at build with the default example's recorded run, ./firstView), so
 * the program can be read and edited while React and the panels load. The editor takes the
 * place of the outline's program text. React renders the app next to the outline; its
 * `Editor` adopts the editor (./programEditor) and the outline is removed before the
 * browser paints.
 */
import { CATALOGS } from '../i18n';
import { useStore } from '../store';
import { createProgramEditor, keepEarlyEditor } from './programEditor';

/**
 * Shows the editor in the page's outline (nothing without one: the app then makes its own).
 * Its full setup (highlighting, completion...) loads once `fullSetupAfter` settles.
 */
export function showEarlyEditor(fullSetupAfter?: Promise<unknown>): void {
  const outline = document.getElementById('early');
  const host = outline?.querySelector<HTMLElement>('.editor');
  if (!outline || !host) return;
  const { lang, present } = useStore.getState();
  if (present) outline.classList.add('present');
  host.closest('.pane')?.setAttribute('aria-label', CATALOGS[lang].app.program);
  host.replaceChildren();
  keepEarlyEditor(createProgramEditor(host, fullSetupAfter), () => outline.remove());
}
