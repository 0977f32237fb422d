/**
 * The recordings in public/recordings/ must be what the engine makes today: one per
 * example, made from the example's current program with the current Pyodide, trace format
 * and budgets; two of them are re-recorded here and compared in full.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, exampleById } from '../examples';
import { readTraceFile } from '../trace/file';
import { traceToJSON, type TraceFileV1 } from '../trace/json';
import { expectedEntry, recordExample, type RecordingManifest } from './record';

const STALE = 'the recordings in public/recordings/ are stale: run `npm run record`';
const dir = new URL('../../public/recordings/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as RecordingManifest;

async function committed(id: string): Promise<TraceFileV1> {
  const entry = manifest.recordings[id];
  if (!entry) throw new Error(`${id}: no recording; ${STALE}`);
  return traceToJSON(await readTraceFile(new Uint8Array(readFileSync(new URL(entry.file, dir)))));
}

/** Everything but the wall time, which no two runs share. */
const comparable = (file: TraceFileV1) => ({ ...file, elapsedMs: 0 });

describe('shipped recordings', () => {
  it('has one current recording per example and no others', () => {
    expect(Object.keys(manifest.recordings).sort(), STALE).toEqual(EXAMPLES.map((e) => e.id).sort());
    for (const example of EXAMPLES) expect(manifest.recordings[example.id], `${example.id}: ${STALE}`).toEqual(expectedEntry(example));
  });

  it('each file holds its example, run to the end the example promises', async () => {
    for (const example of EXAMPLES) {
      const file = await committed(example.id);
      expect(file.source, `${example.id}: ${STALE}`).toBe(example.code);
      expect(file.status, example.id).toBe(example.ends);
    }
  });

  it.each(['seed-loop', 'cycles'])('re-recording %s gives the committed file', { timeout: 300_000 }, async (id) => {
    const example = exampleById(id);
    if (!example) throw new Error(id);
    const fresh = await recordExample(example);
    expect(comparable(await committed(id)), `${id}: ${STALE}`).toEqual(comparable(traceToJSON(fresh)));
  });
});
