/**
 * Reading a recording in a worker (./read.worker.ts), so that inflating and decoding a large
 * one never holds the page: the page only receives the finished columns and the indices its
 * first render needs (./indices, ./memo), transferred, not copied. Small recordings are read
 * in place, where they take less time than starting a worker; where no worker can be had
 * (Node, a worker that fails to load) the recording is read in place too, in slices
 * (./compact.ts), as before.
 *
 * Light enough for the entry chunk (the decoders come with `readInPlace`'s import), so that a
 * link's recording (`tracez=`, `trace=`) goes to the worker while the app's own code is still
 * loading, not once React has rendered (an embed of the seed's whole run: drawn ~0.1 s sooner).
 */
import { fromWire } from '../protocol/transfer';
import type { ReadOptions } from './compact';
import { isGzip } from './gzip';
import { adoptIndices } from './memo';
import type { ReadReply, ReadRequest } from './readMessages';
import { isCompact, TraceFormatError } from './sniff';
import type { TraceData } from './types';

/** `readTraceFile` on the page's thread, its chunk loaded on first use. */
async function readInPlace(bytes: Uint8Array, options: ReadOptions): Promise<TraceData> {
  const { readTraceFile } = await import('./file');
  return readTraceFile(bytes, options);
}

/**
 * Recordings whose content is smaller than this, inflated, are read on the page's thread (the
 * gallery's are 1–15 KB, 2–112 KB inflated). Inflated, because a compact recording of the
 * seed's whole 100,000-step run is 14 KB of file and 5 MB of columns.
 */
export const OFF_THREAD_MIN_BYTES = 256 * 1024;

/**
 * The size of what `bytes` hold once inflated: a gzip member (a compact recording's body, a
 * gzipped file) ends with it, modulo 2^32 (RFC 1952's ISIZE); anything else is its length.
 */
export function contentSize(bytes: Uint8Array): number {
  const gzipped = isGzip(bytes) || (isCompact(bytes) && isGzip(bytes.subarray(5)));
  if (!gzipped || bytes.length < 18) return bytes.length;
  const n = bytes.length;
  return ((bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16)) >>> 0) + bytes[n - 1]! * 2 ** 24;
}

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

/**
 * One reading worker outlives its read: the next read finds it started, its code loaded and
 * compiled (starting one took 35–90 ms of a fresh page's 0.65 s open of the seed run's
 * recording). `prewarmReader` starts it when the reader is about to choose a file. A read that
 * finds it busy (two at once) starts another, which ends with its read. A waiting worker that
 * fails (its script did not load, it crashed) is dropped, so that no read is posted to it and
 * waits forever. Keyed by the spawn function, so tests' stand-ins never meet the page's.
 */
let kept: { spawn: () => ReadWorker; worker: ReadWorker } | null = null;

function takeWorker(spawn: () => ReadWorker): ReadWorker {
  if (kept?.spawn === spawn) {
    const { worker } = kept;
    kept = null;
    return worker;
  }
  return spawn();
}

/** Keeps `worker` for the next read, unless one of its kind is already waiting. */
function giveBack(spawn: () => ReadWorker, worker: ReadWorker): void {
  if (kept?.spawn === spawn) {
    worker.terminate();
    return;
  }
  kept?.worker.terminate();
  kept = { spawn, worker };
  worker.onmessage = null;
  worker.onerror = (e) => {
    e.preventDefault?.();
    if (kept?.worker === worker) kept = null;
    worker.terminate();
  };
}

/**
 * Starts the reading worker ahead of a read (the Open button pressed, a file dragged over the
 * page), so that reading the file begins at once when it comes, and has it practise on the
 * small recording at `practiceURL` meanwhile (see `ReadRequest`). No-op where there are no
 * workers or one is already waiting.
 */
export function prewarmReader(spawn: (() => ReadWorker) | null = spawnReadWorker, practiceURL?: string): void {
  if (!spawn || kept?.spawn === spawn) return;
  try {
    const worker = spawn();
    giveBack(spawn, worker);
    if (practiceURL) worker.postMessage({ kind: 'practice', url: practiceURL });
  } catch {
    // No worker to be had: reading will happen in place.
  }
}

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
    worker.postMessage({ kind: 'read', bytes, indices: true });
  });
}

/** Where and when to read (tests choose; the page takes the defaults). */
export interface OffThreadOptions extends ReadOptions {
  /** Starts a reading worker; null: read in place. */
  spawn?: (() => ReadWorker) | null;
  /** Smallest recording worth a worker, by `contentSize` (default `OFF_THREAD_MIN_BYTES`). */
  minBytes?: number;
}

/**
 * `readTraceFile` (any form Refscope writes), in a worker when the recording is large enough
 * to be worth one. Same results and errors as reading in place.
 */
export async function readTraceFileOffThread(bytes: Uint8Array, options: OffThreadOptions = {}): Promise<TraceData> {
  const { spawn = spawnReadWorker, minBytes = OFF_THREAD_MIN_BYTES } = options;
  if (!spawn || contentSize(bytes) < minBytes) return readInPlace(bytes, options);
  let worker: ReadWorker;
  try {
    worker = takeWorker(spawn);
  } catch {
    return readInPlace(bytes, options);
  }
  try {
    const trace = await readInWorker(worker, bytes, options.onProgress);
    giveBack(spawn, worker);
    return trace;
  } catch (error) {
    if (!(error instanceof WorkerUnavailable)) {
      // The recording's fault: the worker is fine for the next one.
      giveBack(spawn, worker);
      throw error;
    }
    worker.terminate();
    return readInPlace(bytes, options);
  }
}
