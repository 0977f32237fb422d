import { boot } from './boot';

// The link decides: start Python first (a live program) or load a saved trace (a replay).
boot();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
void import('./ui/mount').then(({ mount }) => mount(root));
