/**
 * The reading worker's side of ./readOffThread.ts: its messages and what it does with a
 * request, kept out of the worker's entry file so that tests can run it in-process.
 */
import { buffersIn, toWire, type WireTrace } from '../protocol/transfer';
import { yieldToLoop } from './compact';
import { readTraceFile } from './file';
import { FIRST_RENDER_INDICES } from './indices';
import { TraceFormatError } from './sniff';
import { sharedIndices } from './memo';

/** Page → reading worker. */
export type ReadRequest =
  /** A recording's bytes (a copy: the page keeps its own); `indices`: also compute the first render's (./indices) and send them along. */
  | { kind: 'read'; bytes: Uint8Array; indices?: boolean }
  /**
   * Read the small recording at `url` a number of times and keep nothing, unanswered:
   * practice for a worker started ahead of a read (./readOffThread's `prewarmReader`). A
   * fresh worker's first read runs its decoder and indices as cold code. Reading the seed
   * run's recording in Chromium, after no practice / 3 / 12 reads of the default example's
   * 1,500-step recording: decoding 107–128 / 58–95 / 52–92 ms, indices 129–146 / 79–116 /
   * 64–107 ms. A read that comes meanwhile ends the practice (see `practice`).
   */
  | { kind: 'practice'; url: string };

/** Reads in a practice (each about 10 ms: a reader spends far longer choosing a file). */
export const PRACTICE_READS = 12;

/** Set once a real read has begun in this worker: practice is over. */
let readBegun = false;

/** Reading worker → page: progress while decoding, then the trace or why it could not be read. */
export type ReadReply =
  | { kind: 'progress'; fraction: number }
  /** `indices`: named per-trace indices for ./memo's `adoptIndices` (empty unless asked for). */
  | { kind: 'done'; trace: WireTrace; indices: Array<[string, unknown]> }
  /** `format`: the bytes are not a recording (`TraceFormatError`), as opposed to the worker failing. */
  | { kind: 'failed'; message: string; format: boolean };

type Post = (reply: ReadReply, transfer?: Transferable[]) => void;

/** Does what the request asks (./read.worker.ts calls this for each message). */
export function answer(request: ReadRequest, post: Post): Promise<void> {
  return request.kind === 'practice' ? practice(request.url) : answerRead(request, post);
}

async function practice(url: string): Promise<void> {
  try {
    const response = await fetch(url);
    if (!response.ok) return;
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Between reads the event loop runs, so that a real read waits for one practice read at most.
    for (let i = 0; i < PRACTICE_READS && !readBegun; i++) {
      const trace = await readTraceFile(bytes);
      if (readBegun) break;
      for (const index of FIRST_RENDER_INDICES) index(trace);
      await yieldToLoop();
    }
  } catch {
    // Practice only: a recording that cannot be had (offline without it, a test) changes nothing.
  }
}

/** Reads the request's recording and posts progress, then the trace (and its indices) with their buffers transferred, or the error. */
async function answerRead(request: Extract<ReadRequest, { kind: 'read' }>, post: Post): Promise<void> {
  readBegun = true;
  try {
    // Slices only pace the progress messages here: nothing else runs on this thread.
    const trace = await readTraceFile(request.bytes, { sliceMs: 50, onProgress: (fraction) => post({ kind: 'progress', fraction }) });
    let indices: Array<[string, unknown]> = [];
    if (request.indices) {
      try {
        for (const index of FIRST_RENDER_INDICES) index(trace);
        indices = sharedIndices(trace);
      } catch {
        // A trace the indices trip over (a damaged file) is still read; the page meets the same error as before.
        indices = [];
      }
    }
    const { wire, transfer } = toWire(trace);
    post({ kind: 'done', trace: wire, indices }, buffersIn(indices, new Set(transfer)));
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error), format: error instanceof TraceFormatError });
  }
}
