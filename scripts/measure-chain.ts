/**
 * The longest linked list (issue 13, design.md Measured 12) that Pyodide can free at once
 * (`del head`) before the JavaScript stack runs out, found by bisection, untraced and
 * traced, in Node and in headless Chromium. Each trial needs a fresh interpreter: a crash
 * ends the old one. In Chromium it prints, from the shallowest call path to the app's own:
 * - `bare`: a worker that only loads Pyodide and calls `runPython` (untraced);
 * - `worker`: the app's built worker and engine, driven directly from a page (traced);
 * - `workerAsPage`: the same, set up as the page sets it up (the page's compiled module and
 *   a shared interrupt buffer);
 * - `page`: the app itself, the program run from its URL.
 * Chromium's figures move by several per cent from one run to the next (the WebAssembly
 * tier each frame happens to run in, docs/fidelity.md): compare figures of one run only.
 *
 *   npx tsx scripts/measure-chain.ts [--node-only] [--browser-only] [--js-flags=...]
 */
import { createEngine, makeSnapshot } from '../src/runtime/engine';
import { bisect, chain, chainLimits } from '../tests/support/chainLimit';
import { pyodideIndexURL } from '../src/cli/pyodidePath';
import { DEFAULT_LIMITS } from '../src/protocol/messages';
// @ts-expect-error: a JavaScript module of the e2e tests, without types
import { distDir, hashFor, launch, serveApp, waitForStatus } from '../tests/e2e/browser.mjs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Node: the untraced and traced limits as the regression test finds them, plus traced with an interrupt buffer. */
async function nodeFigures(): Promise<Record<string, number>> {
  const { untraced, traced } = await chainLimits();
  const indexURL = pyodideIndexURL();
  const snapshot = await makeSnapshot({ indexURL, seed: 0 });
  const quiet = console.error;
  console.error = () => undefined; // Pyodide's fatal-error banner, once per failed trial
  try {
    // As the page's worker runs it: with an interrupt buffer (Pyodide's signal checks on).
    const tracedWithInterrupt = await bisect(async (n) => {
      const engine = await createEngine({ indexURL, seed: 0, snapshot });
      const interrupt = new Int32Array(new SharedArrayBuffer(4));
      return engine.run(chain(n), { ...DEFAULT_LIMITS, maxSteps: 1e7 }, { interrupt }).meta.status === 'completed';
    });
    return { untraced, traced, tracedWithInterrupt };
  } finally {
    console.error = quiet;
  }
}

/** A worker page that loads Pyodide and runs one program, untraced, as the app's worker would. */
const BARE_WORKER = `
import { loadPyodide } from './pyodide/pyodide.mjs';
onmessage = async (e) => {
  const py = await loadPyodide({ indexURL: new URL('pyodide/', location.href).href, env: { PYTHONHASHSEED: '0' } });
  try { py.runPython(e.data); postMessage(true); } catch { postMessage(false); }
};`;

/**
 * One run of the app's built worker, driven as client.ts drives it; true if it completed.
 * (Serialised into the page: no named inner functions, which tsx would wrap in a helper.)
 */
function appWorker(
  [url, source, indexURL, asPage]: readonly [string, string, string, boolean],
): Promise<boolean> {
  return new Promise((resolve) => {
    const worker = new Worker(url, { type: 'module' });
    const channel = new MessageChannel();
    channel.port1.onmessage = (e: MessageEvent<{ type: string; trace?: { meta: { status: string } } }>) => {
      const m = e.data;
      const limits = { maxSteps: 1e7, maxSeconds: 600, maxOutputBytes: 1e6 };
      if (m.type === 'ready') channel.port1.postMessage({ type: 'run', runId: 1, source, limits });
      else if (m.type === 'done' || m.type === 'failed') {
        worker.terminate();
        resolve(m.trace?.meta.status === 'completed');
      }
    };
    const interruptBuffer = asPage && self.crossOriginIsolated ? new SharedArrayBuffer(4) : null;
    worker.postMessage({ type: 'init', indexURL, seed: 0, interruptBuffer, precompiledWasm: asPage }, [channel.port2]);
    if (asPage) {
      void WebAssembly.compileStreaming(fetch(`${indexURL}pyodide.asm.wasm`)).then(
        (module) => channel.port1.postMessage({ type: 'wasm', module }),
        () => channel.port1.postMessage({ type: 'wasm', module: null }),
      );
    }
  });
}

async function browserFigures(): Promise<Record<string, number>> {
  const server = await serveApp();
  const browser = await launch(jsFlags ? [`--js-flags=${jsFlags}`] : []);
  const workerFile = readdirSync(join(distDir, 'assets')).find((f) => /^python\.worker-.*\.js$/.test(f));
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}bare.html`);
    const untraced = await bisect(async (n) =>
      page.evaluate(
        ([code, src]: readonly [string, string]) =>
          new Promise<boolean>((resolve) => {
            const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
            const w = new Worker(url, { type: 'module' });
            w.onmessage = (e) => (w.terminate(), resolve(e.data as boolean));
            w.onerror = () => (w.terminate(), resolve(false));
            w.postMessage(src);
          }),
        [BARE_WORKER.replace("'./pyodide/", `'${server.url}pyodide/`).replace("location.href", `'${server.url}'`), chain(n)] as const,
      ),
    );
    const inWorker = (asPage: boolean) =>
      bisect((n) =>
        page.evaluate(appWorker, [`${server.url}assets/${workerFile}`, chain(n), `${server.url}pyodide/`, asPage] as const),
      );
    const worker = await inWorker(false);
    const workerAsPage = await inWorker(true);
    const inPage = await bisect(async (n) => {
      const app = await browser.newPage();
      await app.goto(`${server.url}${hashFor(chain(n), true, { steps: 1_000_000, seconds: 600 })}`);
      const s = await waitForStatus(app, ['completed', 'error', 'time-limit', 'step-limit'], 600_000);
      await app.close();
      return s === 'completed';
    });
    return { bare: untraced, worker, workerAsPage, page: inPage };
  } finally {
    await browser.close();
    await server.close();
  }
}

const args = process.argv.slice(2);
const jsFlags = args.find((a) => a.startsWith('--js-flags='))?.slice('--js-flags='.length);
if (!args.includes('--browser-only')) console.log('Node', await nodeFigures());
if (!args.includes('--node-only')) console.log('Chromium', await browserFigures());
