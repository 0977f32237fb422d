/**
 * The editor before React: at start-up the page loads CodeMirror and shows the program
 * in an outline of the app's layout (header, editor pane, the trace and output panes), so
 * the program can be read and edited while React and the panels load. The outline is the
 * page's own first view (`#early`, ./firstView, written into index.html at build) when there
 * is one: the editor takes the place of its program text there. React renders the app next
 * to the outline; its `Editor` adopts the editor (./programEditor) and the outline is
 * removed before the browser paints.
 */
import { CATALOGS } from '../i18n';
import { useStore } from '../store';
import { createProgramEditor, keepEarlyEditor } from './programEditor';

function element(tag: string, className: string, parent: HTMLElement): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  parent.appendChild(el);
  return el;
}

/**
 * Shows the editor in an outline of the app, placed before `root` (where React renders). Its
 * full setup (highlighting, completion...) loads once `fullSetupAfter` settles.
 */
export function showEarlyEditor(root: HTMLElement, fullSetupAfter?: Promise<unknown>): void {
  const page = document.getElementById('early');
  const pageHost = page?.querySelector<HTMLElement>('.editor');
  if (page && pageHost) {
    if (useStore.getState().present) page.classList.add('present');
    pageHost.replaceChildren();
    keepEarlyEditor(createProgramEditor(pageHost, fullSetupAfter), () => page.remove());
    return;
  }
  const { lang, present } = useStore.getState();
  const t = CATALOGS[lang];
  const app = document.createElement('div');
  app.className = present ? 'app app-early present' : 'app app-early';
  element('h1', 'app-title', element('header', 'app-header', app)).textContent = t.app.title;
  const main = element('main', 'app-main', app);
  const pane = element('section', 'pane pane-editor', main);
  pane.setAttribute('aria-label', t.app.program);
  const host = element('div', 'editor', element('div', 'editor-column', pane));
  element('section', 'pane pane-trace', main);
  element('section', 'pane pane-output', app);
  root.before(app);
  keepEarlyEditor(createProgramEditor(host, fullSetupAfter), () => app.remove());
}
