import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPythonClient } from './runtime/client';
import { connectRuntime, loadProgramFromHash } from './store';
import { App } from './ui/App';
import './ui/app.css';

// Start Python before React renders anything: loading the interpreter is the slow part.
// The runtime files sit next to the page, so the app works under any base path.
connectRuntime(createPythonClient({ indexURL: new URL('pyodide/', document.baseURI).href }));
loadProgramFromHash(location.hash);
window.addEventListener('hashchange', () => loadProgramFromHash(location.hash));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
