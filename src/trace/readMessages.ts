/**
 * The reading worker's side of ./readOffThread.ts: its messages and what it does with a
 * request, kept out of the worker's entry file so that tests can run it in-process.
 */
import { buffersIn, toWire, type WireTrace } from '../protocol/transfer';
import { readTraceFile } from './file';
import { FIRST_RENDER_INDICES } from './indices';
import { TraceFormatError } from './json';
import { sharedIndices } from './memo';

/** Page → reading worker: the recording's bytes (a copy: the page keeps its own). */
export interface ReadRequest {
  bytes: Uint8Array;
  /** Also compute the indices the first render needs (./indices) and send them along. */
  indices?: boolean;
}

/** Reading worker → page: progress while decoding, then the trace or why it could not be read. */
export type ReadReply =
  | { kind: 'progress'; fraction: number }
  /** `indices`: named per-trace indices for ./memo's `adoptIndices` (empty unless asked for). */
  | { kind: 'done'; trace: WireTrace; indices: Array<[string, unknown]> }
  /** `format`: the bytes are not a recording (`TraceFormatError`), as opposed to the worker failing. */
  | { kind: 'failed'; message: string; format: boolean };

/** Reads the request's recording and posts progress, then the trace (and its indices) with their buffers transferred, or the error. */
export async function answerRead(request: ReadRequest, post: (reply: ReadReply, transfer?: Transferable[]) => void): Promise<void> {
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
