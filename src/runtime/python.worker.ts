/**
 * The Python worker: one fresh interpreter, loaded on `init`, used for exactly one `run`.
 *
 * All replies go over the private MessagePort handed over in `init`. User code can reach
 * this worker's globals through Pyodide's `js` module (and could replace
 * `MessagePort.prototype.postMessage`, `Function.prototype.call`...), so the original
 * `postMessage` and `Reflect.apply` are captured here at module load, the page ignores
 * the worker's own message channel, and the worker's ways out (network, storage, other
 * contexts) are removed once the interpreter has loaded (./lockdown). The interpreter's
 * WebAssembly usually comes compiled from the page (./wasmHandoff).
 */
import { assertNever, type PageToWorker, type WorkerToPage } from '../protocol/messages';
import { createEngine, type Engine } from './engine';
import { lockDown } from './lockdown';
import { traceBuffers } from './transfer';
import { loadWithCompiledWasm } from './wasmHandoff';

const post = MessagePort.prototype.postMessage;
const apply = Reflect.apply;
/** The part of DedicatedWorkerGlobalScope used here (the DOM lib types `self` as a Window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<PageToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let port: MessagePort | null = null;
let engine: Engine | null = null;
let interrupt: Int32Array | null = null;
let used = false;
/** Resolves the page's compiled module (the `wasm` message). */
let receiveWasm: ((module: WebAssembly.Module | null) => void) | null = null;

function send(message: WorkerToPage, transfer: Transferable[] = []): void {
  if (port) apply(post, port, [message, { transfer }]);
}

async function init(message: Extract<PageToWorker, { type: 'init' }>): Promise<void> {
  interrupt = message.interruptBuffer ? new Int32Array(message.interruptBuffer) : null;
  const restore = message.precompiledWasm
    ? loadWithCompiledWasm(new Promise((resolve) => (receiveWasm = resolve)))
    : () => undefined;
  try {
    try {
      engine = await createEngine({ indexURL: message.indexURL, seed: message.seed });
    } finally {
      restore();
    }
    const kept = lockDown(self);
    if (kept.length > 0) console.warn(`Refscope could not remove from the worker: ${kept.join(', ')}`);
    // performance.now() counts from the worker's creation, so this includes fetching the
    // worker script itself, not only the interpreter.
    send({ type: 'ready', python: engine.python, pyodide: engine.pyodide, loadMs: performance.now() });
  } catch (error) {
    send({ type: 'failed', message: `Python failed to load: ${describe(error)}` });
  }
}

function run(message: Extract<PageToWorker, { type: 'run' }>): void {
  const { runId } = message;
  if (!engine || used) {
    send({ type: 'failed', message: engine ? 'This interpreter has already run a program.' : 'Python is not loaded yet.' });
    return;
  }
  used = true;
  if (interrupt) Atomics.store(interrupt, 0, 0);
  // Tells the page the interpreter has started this run (rerun latency is measured to here).
  send({ type: 'progress', runId, steps: 0 });
  try {
    const trace = engine.run(message.source, message.limits, {
      onOutput: (chunks) => send({ type: 'output', runId, chunks }),
      onProgress: (steps) => send({ type: 'progress', runId, steps }),
      interrupt,
    });
    send({ type: 'done', runId, trace }, traceBuffers(trace));
  } catch (error) {
    send({ type: 'failed', message: `The tracer failed: ${describe(error)}` });
  }
}

function onPortMessage(event: MessageEvent<PageToWorker>): void {
  const message = event.data;
  switch (message.type) {
    case 'init':
      // Already initialised through the worker's own channel; a second init is ignored.
      break;
    case 'wasm':
      receiveWasm?.(message.module);
      receiveWasm = null;
      break;
    case 'run':
      run(message);
      break;
    default:
      assertNever(message);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// The only message accepted on the worker's global channel is the first `init`, which
// carries the private port; everything after that travels over the port.
scope.onmessage = (event: MessageEvent<PageToWorker>) => {
  const message = event.data;
  const received = event.ports[0];
  if (port || message?.type !== 'init' || !received) return;
  scope.onmessage = null;
  port = received;
  port.onmessage = onPortMessage;
  void init(message);
};
