import { createPythonClient } from './runtime/client';
import { connectRuntime, loadProgramFromHash } from './store';

// Start Python first, from a small entry chunk: loading the interpreter is the slow part,
// and it should not wait for React and CodeMirror to download and parse. The runtime
// files sit next to the page, so the app works under any base path.
connectRuntime(createPythonClient({ indexURL: new URL('pyodide/', document.baseURI).href }));
loadProgramFromHash(location.hash);
window.addEventListener('hashchange', () => loadProgramFromHash(location.hash));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
void import('./ui/mount').then(({ mount }) => mount(root));
