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
 *
 * Every interpreter starts from one memory snapshot (runtime/client.ts). The page lends it
 * to each new worker, which restores from it and hands the same bytes back (transferred,
 * before any program runs: no copy on either side). The first worker of a page is asked
 * to provide it: the one that ships with the build (src/cli/snapshot.ts) for the default
 * seed; else, or if that fails, from Cache Storage if an earlier visit of this build stored
 * it (./snapshotCache), else by loading Pyodide in full and snapshotting it, storing it for
 * the next visit.
 */
import { version as pyodideVersion } from 'pyodide';
import { assertNever, type InterpreterBoot, type PageToWorker, type WorkerToPage } from '../protocol/messages';
import { createEngine, makeSnapshot, type Engine } from './engine';
import { lockDown } from './lockdown';
import { dropSnapshot, openSnapshotCache, originCaches, readSnapshot, snapshotKey, storeSnapshot } from './snapshotCache';
import { toWire } from '../protocol/transfer';
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
    let snapshot: Uint8Array | null = null;
    let boot: InterpreterBoot = 'full';
    /**
     * The bytes are no longer needed here once Pyodide has restored from them (the
     * interpreter's memory is a copy): back to the page for the next worker, before any
     * program can reach them, and before this interpreter's own setup, so that the next
     * restore starts sooner (a run pressed right after the first takes that interpreter).
     */
    let lentEarly = false;
    const handBack = (): void => {
      if (lentEarly || !snapshot || snapshot.buffer.byteLength === 0) return;
      send({ type: 'snapshot', bytes: snapshot }, [snapshot.buffer]);
    };
    try {
      const { indexURL, seed } = message;
      snapshot = message.snapshot;
      if (snapshot) boot = 'restored';
      if (message.makeSnapshot && message.snapshotURL) {
        snapshot = await fetchSnapshot(message.snapshotURL);
        if (snapshot) {
          boot = 'shipped';
          // A copy goes back to the page before this restore, not after: the next interpreter
          // restores alongside this one, and a run pressed right after the first finds it warm
          // (first visits, medians of 7: 395 → 95 ms from the click; ready 0.4–0.7 s later).
          const copy = snapshot.slice();
          send({ type: 'snapshot', bytes: copy }, [copy.buffer]);
          lentEarly = true;
          try {
            engine = await createEngine({ indexURL, seed, snapshot, onLoaded: handBack });
          } catch {
            // Not this Pyodide's (a deployment that mixed builds): provided below instead.
            snapshot = null;
            engine = null;
          }
        }
      }
      const key = !engine && message.makeSnapshot && originCaches ? snapshotKey(self.location.href, pyodideVersion, seed) : null;
      const cache = key && originCaches ? await openSnapshotCache(originCaches) : null;
      if (key && cache) {
        snapshot = await readSnapshot(cache, key);
        if (snapshot) {
          boot = 'cached';
          try {
            engine = await createEngine({ indexURL, seed, snapshot, onLoaded: handBack });
          } catch {
            // A stored snapshot that does not restore (Pyodide checks its build id): forget
            // it and make a new one below.
            void dropSnapshot(cache, key);
            snapshot = null;
            engine = null;
          }
        }
      }
      if (!engine && message.makeSnapshot) {
        // Snapshot a fresh load before anything else runs and start this interpreter from it
        // as well: it then matches every later one exactly.
        snapshot = await makeSnapshot({ indexURL, seed });
        boot = 'made';
        // Handed to Cache Storage now, before any program runs in this worker.
        if (key && cache) void storeSnapshot(cache, key, snapshot);
      }
      engine ??= await createEngine({ indexURL, seed, ...(snapshot ? { snapshot } : {}), onLoaded: handBack });
    } finally {
      restore();
    }
    handBack();
    const kept = lockDown(self);
    if (kept.length > 0) console.warn(`Refscope could not remove from the worker: ${kept.join(', ')}`);
    // performance.now() counts from the worker's creation, so this includes fetching the
    // worker script itself, not only the interpreter.
    send({ type: 'ready', python: engine.python, pyodide: engine.pyodide, loadMs: performance.now(), boot });
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
  send({ type: 'progress', runId, steps: 0, startedAt: performance.timeOrigin + performance.now() });
  try {
    const trace = engine.run(message.source, message.limits, {
      onOutput: (chunks) => send({ type: 'output', runId, chunks }),
      onProgress: (steps) => send({ type: 'progress', runId, steps }),
      onEnd: (steps) => send({ type: 'ended', runId, steps }),
      interrupt,
    });
    const { wire, transfer } = toWire(trace);
    send({ type: 'done', runId, trace: wire }, transfer);
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

/**
 * The build's snapshot (31 MB; a few MB as brotli, and from the service worker's cache on
 * later visits), or null if it cannot be had: the worker then provides one as before.
 */
async function fetchSnapshot(url: string): Promise<Uint8Array | null> {
  try {
    const response = await fetch(url);
    if (!response.ok) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Pyodide's snapshot header starts with "\0snp" (a host that answers a missing file with
    // its index page would otherwise have it lent on, to fail in every worker).
    return bytes.length > 64 && bytes[0] === 0 && bytes[1] === 0x73 && bytes[2] === 0x6e && bytes[3] === 0x70 ? bytes : null;
  } catch {
    return null;
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
