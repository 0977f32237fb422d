/**
 * What the app and the embed do first, from their small entry chunks: read the link, and
 * either start Python (loading the interpreter is the slow part, so it should not wait for
 * React and CodeMirror) or, for a replay (`trace=` / `tracez=`), load the saved trace and
 * start nothing: Pyodide is then fetched only if the reader presses Run.
 */
import { registerServiceWorker } from './offline/register';
import { DEFAULT_SEED } from './protocol/messages';
import { createPythonClient, type PythonClient } from './runtime/client';
import { SHIPPED_SNAPSHOT } from './runtime/snapshotCache';
import type { Theme } from './share/link';
import { deferRecordings, openLink, SEED_SOURCE, setRuntimeFactory, startRuntime, useStore } from './store';

export interface BootOptions {
  /**
   * Main-thread work that can wait starts when this settles (the app: once its editor is on
   * screen): decoding the example's recording, and compiling Python's WebAssembly on the page
   * (whose streaming decode runs on the main thread). Their downloads start at once.
   */
  heavyWorkAfter?: Promise<unknown>;
}

export function boot({ heavyWorkAfter }: BootOptions = {}): void {
  // The runtime files sit next to the page, so the app works under any base path.
  const indexURL = new URL('pyodide/', document.baseURI).href;
  if (heavyWorkAfter) deferRecordings(heavyWorkAfter);
  let first: PythonClient | null = null;
  setRuntimeFactory((seed) => {
    // A build ships the default seed's snapshot (src/cli/snapshot.ts); the dev server has none.
    const shipped = import.meta.env.PROD && seed === DEFAULT_SEED ? { snapshotURL: new URL(SHIPPED_SNAPSHOT, indexURL).href } : {};
    const client = createPythonClient({ indexURL, seed, compileWasmAfter: heavyWorkAfter, ...shipped });
    first ??= client;
    return client;
  });
  const { replay } = open(location.hash);
  window.addEventListener('hashchange', () => open(location.hash));
  // The offline copy is for the app itself: a replay stays light (no 14 MB of Python
  // precached behind it), and a page embedding Refscope gets no service worker from it.
  // Its install copies Python's files into the cache: only once Python is ready and the spare
  // interpreters have loaded too, so that it competes with neither (installing while the
  // second spare restored made that restore 1.7 s instead of 0.5–0.7 s, and a run pressed
  // right after the first waited for it: 331–611 ms, 262–279 ms with the install later).
  if (!replay && window.top === window) registerServiceWorker(pythonSettled().then(() => first?.whenWarm()));
}

/** `openLink`, but whatever happens the page opens: at worst on the default example, with a notice. */
function open(hash: string): { replay: boolean } {
  try {
    const opened = openLink(hash);
    applyTheme(opened.theme);
    return opened;
  } catch {
    useStore.setState({ problems: [{ kind: 'broken-code' }], source: SEED_SOURCE, replay: null });
    startRuntime();
    return { replay: false };
  }
}

/**
 * A link's `theme=` as the page's `data-theme` (ui/app.css: light or dark whatever the
 * system asks); without one the page follows the system. The app's head script
 * (ui/firstViewHead) has already set it for the first paint; the embed has no head script.
 */
function applyTheme(theme: Theme | null): void {
  if (theme) document.documentElement.setAttribute('data-theme', theme);
  else document.documentElement.removeAttribute('data-theme');
}

/** Resolves when the first interpreter is ready (or failed to load). */
function pythonSettled(): Promise<void> {
  return new Promise((resolve) => {
    const settled = (): boolean => useStore.getState().status !== 'loading';
    if (settled()) return resolve();
    const unsubscribe = useStore.subscribe(() => {
      if (!settled()) return;
      unsubscribe();
      resolve();
    });
  });
}
