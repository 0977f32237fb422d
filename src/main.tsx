import { boot } from './boot';

// The link decides: start Python first (a live program) or load a saved trace (a replay).
boot();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The editor next, from CodeMirror alone (React and the panels are several times its size);
// then the app, which adopts it. index.html preloads both chunks, so neither waits for the
// other to download.
void import('./ui/earlyEditor')
  .then(({ showEarlyEditor }) => showEarlyEditor(root))
  .catch(() => undefined) // the app's Editor then makes its own
  .then(() => import('./ui/mount'))
  .then(({ mount }) => mount(root));
