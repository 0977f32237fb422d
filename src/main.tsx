import { boot } from './boot';
import { latestRecording } from './store';
// The outline and the first view written into index.html are styled at the first paint.
import './ui/app.css';
import './ui/early.css';
import './ui/firstView.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/**
 * How long the app's first render waits for the example's recording, so that it shows it:
 * briefly when the page shows nothing of it, and until it is there when the page already
 * paints it (./ui/firstView, unless the link asks for something else): the app must not
 * replace the recorded run on screen with an empty timeline. The early editor works meanwhile.
 */
const RECORDING_WAIT_MS = document.documentElement.getAttribute('data-first-view') === 'off' ? 400 : 10_000;

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const editorShown = signal();
const appShown = signal();

/**
 * Resolves once the browser has produced the page's first frame, which shows the recorded
 * run written into index.html: a requestAnimationFrame callback runs before that frame's
 * paint, a task it queues after. Everything below waits for it, so that no module of ours
 * is evaluated or compiled between the HTML's parsing and that paint (cold, median of 11:
 * 598 → 576 ms). A page opened in a background tab gets no frames: it starts at once.
 */
const firstFrame = new Promise<void>((resolve) => {
  if (document.visibilityState === 'hidden') return resolve();
  requestAnimationFrame(() => setTimeout(resolve, 0));
  // Switched away before that frame: none comes until the tab is shown again.
  document.addEventListener('visibilitychange', () => resolve(), { once: true });
});

// The link decides: start Python first (a live program) or load a saved trace (a replay).
// Downloads start now; main-thread work that can wait (decoding the recording, compiling
// Python's WebAssembly) once the editor is on screen.
void firstFrame.then(() => boot({ heavyWorkAfter: editorShown.promise }));

// The editor first, from CodeMirror's core alone (React and the panels are several times its
// size; its highlighting and completion load once the app is on screen); then the app, which
// adopts it. The app's first render waits briefly for the example's recording, so that the
// page renders once, with it. index.html preloads the editor's chunks, so they wait for no
// download; the app's start downloading with its import.
void firstFrame
  .then(() => import('./ui/earlyEditor'))
  .then(({ showEarlyEditor }) => showEarlyEditor(appShown.promise))
  .catch(() => undefined) // the app's Editor then makes its own
  .then(() => {
    editorShown.resolve();
    const recording = Promise.race([latestRecording(), new Promise((resolve) => setTimeout(resolve, RECORDING_WAIT_MS))]);
    return Promise.all([import('./ui/mount'), recording]);
  })
  .then(([{ mount }]) => {
    mount(root);
    // After the frame that shows the app.
    requestAnimationFrame(() => setTimeout(appShown.resolve, 0));
  })
  .catch(appShown.resolve);
