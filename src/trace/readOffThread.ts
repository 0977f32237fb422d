/**
 * Reading a recording in a worker (./read.worker.ts), so that inflating and decoding a large
 * one never holds the page: the page only receives the finished columns and the indices its
 * first render needs (./indices, ./memo), transferred, not copied. Small recordings are read
 * in place, where they take less time than starting a worker; where no worker can be had
 * (Node, a worker that fails to load) the recording is read in place too, in slices
 * (./compact.ts), as before.
 */
import { fromWire } from '../protocol/transfer';
import { readTraceFile } from './file';
import { TraceFormatError } from './json';
import { adoptIndices } from './memo';
import type { ReadOptions } from './compact';
import type { ReadReply, ReadRequest } from './readMessages';
import type { TraceData } from './types';

/** Recordings smaller than this are read on the page's thread (the gallery's are ~2–15 KB). */
export const OFF_THREAD_MIN_BYTES = 64 * 1024;

/** The part of `Worker` used here (tests pass a stand-in). */
export interface ReadWorker {
  onmessage: ((e: MessageEvent<ReadReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
  postMessage(request: ReadRequest): void;
  terminate(): void;
}

/** Starts the reading worker; null where there are no workers (Node). */
export const spawnReadWorker: (() => ReadWorker) | null =
  typeof Worker === 'undefined' ? null : () => new Worker(new URL('./read.worker.ts', import.meta.url), { type: 'module', name: 'read-recording' });

/** The worker could not do its job (not the recording's fault): read in place instead. */
class WorkerUnavailable extends Error {}

function readInWorker(worker: ReadWorker, bytes: Uint8Array, onProgress?: (fraction: number) => void): Promise<TraceData> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      const reply = e.data;
      if (reply.kind === 'progress') onProgress?.(reply.fraction);
      else if (reply.kind === 'done') {
        const trace = fromWire(reply.trace);
        adoptIndices(trace, reply.indices);
        resolve(trace);
      } else reject(reply.format ? new TraceFormatError(reply.message) : new WorkerUnavailable(reply.message));
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      reject(new WorkerUnavailable(e.message));
    };
    worker.onmessageerror = () => reject(new WorkerUnavailable('the trace could not be received'));
    worker.postMessage({ bytes, indices: true });
  });
}

/** Where and when to read (tests choose; the page takes the defaults). */
export interface OffThreadOptions extends ReadOptions {
  /** Starts a reading worker; null: read in place. */
  spawn?: (() => ReadWorker) | null;
  /** Smallest recording worth a worker (default `OFF_THREAD_MIN_BYTES`). */
  minBytes?: number;
}

/**
 * `readTraceFile` (any form Refscope writes), in a worker when the recording is large enough
 * to be worth one. Same results and errors as reading in place.
 */
export async function readTraceFileOffThread(bytes: Uint8Array, options: OffThreadOptions = {}): Promise<TraceData> {
  const { spawn = spawnReadWorker, minBytes = OFF_THREAD_MIN_BYTES } = options;
  if (!spawn || bytes.length < minBytes) return readTraceFile(bytes, options);
  let worker: ReadWorker;
  try {
    worker = spawn();
  } catch {
    return readTraceFile(bytes, options);
  }
  try {
    return await readInWorker(worker, bytes, options.onProgress);
  } catch (error) {
    if (error instanceof WorkerUnavailable) return readTraceFile(bytes, options);
    throw error;
  } finally {
    worker.terminate();
  }
}
