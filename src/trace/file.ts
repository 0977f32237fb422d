/**
 * One entry point for every recording Refscope reads or writes: the JSON export and the
 * compact recording, either of them gzip-compressed or not. Opened files, dropped files,
 * `trace=` links, `tracez=` links and the shipped gallery all go through `readTraceFile`.
 */
import { traceFromCompact, traceToCompact, type ReadOptions } from './compact';
import { gunzip, isGzip } from './gzip';
import { traceFromJSON, traceToJSON } from './json';
import { isCompact, TraceFormatError } from './sniff';
import type { TraceData } from './types';

/** The two forms a recording is saved in. */
export type TraceFileFormat = 'compact' | 'json';

/** File name ending and media type per format. */
export const TRACE_FILE_TYPES: Record<TraceFileFormat, { extension: string; mime: string }> = {
  compact: { extension: '.refscope', mime: 'application/octet-stream' },
  json: { extension: '.json', mime: 'application/json' },
};

async function bytesOf(input: Uint8Array | ArrayBuffer | Blob): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return new Uint8Array(await input.arrayBuffer());
}

/**
 * Reads a recording in any form Refscope writes: compact or JSON, each as is or gzipped
 * (a gzipped JSON from a server, say). Throws `TraceFormatError`, saying why, for anything else.
 */
export async function readTraceFile(input: Uint8Array | ArrayBuffer | Blob, options: ReadOptions = {}): Promise<TraceData> {
  let bytes = await bytesOf(input);
  if (isGzip(bytes)) {
    try {
      bytes = await gunzip(bytes);
    } catch {
      throw new TraceFormatError('Not a valid Refscope trace: the gzip data is damaged or cut short');
    }
  }
  if (isCompact(bytes)) return traceFromCompact(bytes, options);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TraceFormatError('Not a valid Refscope trace: neither a compact recording nor JSON text');
  }
  return traceFromJSON(text);
}

/** A recording's bytes in the given format (compact unless JSON is asked for). */
export async function writeTraceFile(trace: TraceData, format: TraceFileFormat = 'compact'): Promise<Uint8Array> {
  if (format === 'compact') return traceToCompact(trace);
  return new TextEncoder().encode(JSON.stringify(traceToJSON(trace)));
}
