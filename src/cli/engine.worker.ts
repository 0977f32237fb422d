/**
 * The command line's engine thread: loads one interpreter, locks the thread down
 * (./nodeLockdown), runs the program and posts its trace. It runs in a worker so that
 * the main thread can stop it (a program stuck inside one C call runs no lines, so the
 * recorder's budgets never see it) and so that what the program reaches is this thread's
 * globals and module instances, not the command's.
 *
 * The port's `postMessage` and `Reflect.apply` are captured before any program runs: a
 * program can reach and replace `MessagePort.prototype.postMessage` through `js`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, type Engine } from '../runtime/engine';
import { traceBuffers } from '../protocol/transfer';
import { lockDownNode } from './nodeLockdown';
import { SNAPSHOT_GLOBAL, type EngineWorkerData, type EngineWorkerMessage } from './workerProtocol';

const port = parentPort!;
// Looked up now: the program may later replace the method on the prototype.
const post = port.postMessage;
const apply = Reflect.apply;
const data = workerData as EngineWorkerData;

function send(message: EngineWorkerMessage, transfer: ArrayBuffer[] = []): void {
  apply(post, port, [message, transfer]);
}

async function main(): Promise<void> {
  let engine: Engine;
  try {
    engine = await createEngine({ indexURL: data.indexURL, seed: data.seed, ...(data.snapshot ? { snapshot: data.snapshot } : {}) });
  } catch (e) {
    send({ type: 'failed', message: `Python failed to load: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  const kept = lockDownNode(globalThis, engine.api);
  // Called by the main thread's inspector while the program is stuck inside wasm; the
  // program itself may call it too, but the main thread only listens once it has asked.
  Object.defineProperty(globalThis, SNAPSHOT_GLOBAL, {
    value: () => {
      const trace = engine.snapshot('time-limit');
      send({ type: 'snapshot', trace }, trace ? traceBuffers(trace) : []);
      return trace !== null;
    },
    enumerable: false,
  });
  send({ type: 'started', kept });
  try {
    const trace = engine.run(data.source, data.limits, { interrupt: new Int32Array(data.interrupt) });
    send({ type: 'done', trace }, traceBuffers(trace));
  } catch (e) {
    send({ type: 'failed', message: `The tracer failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

void main();
