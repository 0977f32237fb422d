/**
 * Records a gallery example with the same engine the page and the `trace` command use, for
 * the recordings that ship with the app (scripts/record-examples.ts writes them,
 * src/cli/record.test.ts keeps them in step with the engine). Node only.
 */
import { createHash } from 'node:crypto';
import { version as pyodideVersion } from 'pyodide';
import type { Example } from '../examples';
import type { RunLimits } from '../protocol/messages';
import { recordingFile, recordingLimits, RECORDING_SEED } from '../examples/recordings';
import { createEngine } from '../runtime/engine';
import { writeTraceFile } from '../trace/file';
import { TRACE_VERSION } from '../trace/json';
import type { TraceData } from '../trace/types';
import { pyodideIndexURL } from './pyodidePath';
import { readShippedSnapshot } from './snapshot';

/** What a recording was made from: if any of it changes, the recording is stale. */
export interface RecordingEntry {
  file: string;
  pyodide: string;
  traceVersion: number;
  seed: number;
  maxSteps: number;
  maxSeconds: number;
  /** sha256 of the example's program. */
  source: string;
}

/** public/recordings/index.json: one entry per example id. */
export interface RecordingManifest {
  note: string;
  recordings: Record<string, RecordingEntry>;
}

export const MANIFEST_NOTE = 'Made by `npm run record` (scripts/record-examples.ts); do not edit.';

/** The entry an example's recording must carry to be current with this engine. */
export function expectedEntry(example: Example): RecordingEntry {
  const limits = recordingLimits(example.id);
  return {
    file: recordingFile(example.id),
    pyodide: pyodideVersion,
    traceVersion: TRACE_VERSION,
    seed: RECORDING_SEED,
    maxSteps: limits.maxSteps,
    maxSeconds: limits.maxSeconds,
    source: createHash('sha256').update(example.code).digest('hex'),
  };
}

/**
 * Runs the example once in a fresh interpreter, started from the snapshot the page's
 * interpreters start from (./snapshot). Nothing about this machine reaches the interpreter
 * (runtime/boot fixes its environment, program name and time zone), so the recording is
 * what the page shows for the same program, ids included.
 */
export async function recordExample(example: Example): Promise<TraceData> {
  return recordProgram(example.code, recordingLimits(example.id));
}

/** Runs `code` once in a fresh interpreter (see `recordExample`). */
export async function recordProgram(code: string, limits: RunLimits): Promise<TraceData> {
  const engine = await createEngine({ indexURL: pyodideIndexURL(), seed: RECORDING_SEED, snapshot: await readShippedSnapshot() });
  return engine.run(code, limits);
}

/** The bytes written to public/: the compact recording (docs/trace-format.md), read with readTraceFile. */
export function encodeRecording(trace: TraceData): Promise<Uint8Array> {
  return writeTraceFile(trace, 'compact');
}
