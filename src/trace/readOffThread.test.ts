import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTraceFile, writeTraceFile } from './file';
import { gunzip, gzip } from './gzip';
import { FIRST_RENDER_INDICES } from './indices';
import { traceToJSON } from './json';
import { TraceFormatError } from './sniff';
import { sharedIndices } from './memo';
import { narrateStep } from './narrate';
import { startingStep } from './steps';
import { answer, type ReadReply, type ReadRequest } from './readMessages';
import { contentSize, OFF_THREAD_MIN_BYTES, prewarmReader, readTraceFileOffThread, type ReadWorker } from './readOffThread';

const gallery = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'public', 'recordings');
const seedLoop = (): Uint8Array => new Uint8Array(readFileSync(path.join(gallery, 'seed-loop.refscope')));

/** A worker run in this process: messages cross by structured clone (buffers transferred), as between threads. */
function inProcess(log: string[], broken = false): () => ReadWorker {
  return () => {
    log.push('spawned');
    const worker: ReadWorker = {
      onmessage: null,
      onerror: null,
      onmessageerror: null,
      postMessage(request) {
        if (broken) {
          // What a worker script that fails to load does: an error event, no reply.
          queueMicrotask(() => worker.onerror?.({ message: 'failed to load', preventDefault: () => {} } as ErrorEvent));
          return;
        }
        void answer(structuredClone(request), (reply, transfer = []) => {
          log.push(reply.kind);
          worker.onmessage?.({ data: structuredClone(reply, { transfer }) } as MessageEvent<ReadReply>);
        });
      },
      terminate() {
        log.push('terminated');
      },
    };
    return worker;
  };
}

describe('readTraceFileOffThread', () => {
  it('reads a compact recording in the worker to the same trace as in place, with progress, and keeps the worker for the next read', async () => {
    const bytes = seedLoop();
    const log: string[] = [];
    const progress: number[] = [];
    const spawn = inProcess(log);
    const trace = await readTraceFileOffThread(bytes, { spawn, minBytes: 0, onProgress: (f) => progress.push(f) });
    expect(traceToJSON(trace)).toEqual(traceToJSON(await readTraceFile(bytes)));
    expect(trace.objects.address).toBeInstanceOf(Uint32Array);
    expect(log[0]).toBe('spawned');
    expect(log.at(-1)).toBe('done');
    expect(progress.at(-1)).toBe(1);
    const again = await readTraceFileOffThread(bytes, { spawn, minBytes: 0 });
    expect(traceToJSON(again)).toEqual(traceToJSON(trace));
    expect(log.filter((l) => l === 'spawned')).toHaveLength(1);
    expect(log).not.toContain('terminated');
  });

  it('starts the worker ahead of the read when asked, and two reads at once keep only one worker', async () => {
    const bytes = seedLoop();
    const log: string[] = [];
    const spawn = inProcess(log);
    prewarmReader(spawn);
    prewarmReader(spawn);
    expect(log).toEqual(['spawned']);
    await readTraceFileOffThread(bytes, { spawn, minBytes: 0 });
    expect(log.filter((l) => l === 'spawned')).toHaveLength(1);
    await Promise.all([readTraceFileOffThread(bytes, { spawn, minBytes: 0 }), readTraceFileOffThread(bytes, { spawn, minBytes: 0 })]);
    expect(log.filter((l) => l === 'spawned')).toHaveLength(2);
    expect(log.filter((l) => l === 'terminated')).toHaveLength(1);
  });

  it('has a worker started ahead practise on the given recording, answering nothing, then read as before', async () => {
    const bytes = seedLoop();
    const log: string[] = [];
    const requests: ReadRequest[] = [];
    const working = inProcess(log);
    const spawn = (): ReadWorker => {
      const worker = working();
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (request) => {
        requests.push(request);
        post(request);
      };
      return worker;
    };
    const url = `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;
    prewarmReader(spawn, url);
    expect(requests).toEqual([{ kind: 'practice', url }]);
    const trace = await readTraceFileOffThread(bytes, { spawn, minBytes: 0 });
    expect(traceToJSON(trace)).toEqual(traceToJSON(await readTraceFile(bytes)));
    expect(log.filter((l) => l !== 'progress')).toEqual(['spawned', 'done']);
  });

  it('practises without a word, whether or not the recording can be had', async () => {
    const replies: ReadReply[] = [];
    const url = `data:application/octet-stream;base64,${Buffer.from(seedLoop()).toString('base64')}`;
    await answer({ kind: 'practice', url }, (reply) => replies.push(reply));
    await answer({ kind: 'practice', url: 'data:application/octet-stream;base64,AAAA' }, (reply) => replies.push(reply));
    await answer({ kind: 'practice', url: 'http://127.0.0.1:9/recordings/none.refscope' }, (reply) => replies.push(reply));
    expect(replies).toEqual([]);
  });

  it("brings the first render's indices along, the same as computed in place, adopted into the page's caches", async () => {
    const bytes = seedLoop();
    const trace = await readTraceFileOffThread(bytes, { spawn: inProcess([]), minBytes: 0 });
    // Nothing was computed on this side yet: whatever the caches hold for this trace came from the worker.
    const adopted = Object.fromEntries(sharedIndices(trace));
    expect(Object.keys(adopted)).toEqual(expect.arrayContaining(['stepIndex', 'typeOrdinals', 'eventSteps', 'model', 'narration', 'typeIndex', 'storyStep']));
    const local = await readTraceFile(bytes);
    for (const index of FIRST_RENDER_INDICES) index(local);
    expect(adopted).toEqual(Object.fromEntries(sharedIndices(local)));
    const start = startingStep(local).step;
    expect(narrateStep(trace, start)).toEqual(narrateStep(local, start));
  });

  it('reads a JSON recording in the worker too', async () => {
    const trace = await readTraceFile(seedLoop());
    const json = await writeTraceFile(trace, 'json');
    const log: string[] = [];
    const back = await readTraceFileOffThread(json, { spawn: inProcess(log), minBytes: 0 });
    expect(traceToJSON(back)).toEqual(traceToJSON(trace));
    expect(log).toContain('done');
  });

  it("gives the same TraceFormatError as reading in place for bytes that are not a recording", async () => {
    const bytes = new TextEncoder().encode('not a trace at all');
    const inPlace = await readTraceFile(bytes).catch((e: unknown) => e);
    const log: string[] = [];
    const offThread = await readTraceFileOffThread(bytes, { spawn: inProcess(log), minBytes: 0 }).catch((e: unknown) => e);
    expect(offThread).toBeInstanceOf(TraceFormatError);
    expect((offThread as Error).message).toBe((inPlace as Error).message);
    expect(log).toEqual(['spawned', 'failed']);
  });

  it('drops a waiting worker that fails before any read, and reads with another', async () => {
    const bytes = seedLoop();
    const log: string[] = [];
    const working = inProcess(log);
    let first = true;
    // The first worker's script fails to load while it waits (an error event, no reply ever).
    const spawn = (): ReadWorker => {
      const worker = working();
      if (first) {
        first = false;
        queueMicrotask(() => worker.onerror?.({ message: 'failed to load', preventDefault: () => {} } as ErrorEvent));
      }
      return worker;
    };
    prewarmReader(spawn);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['spawned', 'terminated']);
    const trace = await readTraceFileOffThread(bytes, { spawn, minBytes: 0 });
    expect(traceToJSON(trace)).toEqual(traceToJSON(await readTraceFile(bytes)));
    expect(log.filter((l) => l !== 'progress')).toEqual(['spawned', 'terminated', 'spawned', 'done']);
  });

  it('reads in place when the worker fails to load or cannot be started', async () => {
    const bytes = seedLoop();
    const expected = traceToJSON(await readTraceFile(bytes));
    const log: string[] = [];
    expect(traceToJSON(await readTraceFileOffThread(bytes, { spawn: inProcess(log, true), minBytes: 0 }))).toEqual(expected);
    expect(log).toEqual(['spawned', 'terminated']);
    const throwing = (): ReadWorker => {
      throw new Error('no workers here');
    };
    expect(traceToJSON(await readTraceFileOffThread(bytes, { spawn: throwing, minBytes: 0 }))).toEqual(expected);
  });

  it('starts no worker for a recording whose content is smaller than the threshold, and one for a small file of large content', async () => {
    const bytes = seedLoop();
    expect(contentSize(bytes)).toBeLessThan(OFF_THREAD_MIN_BYTES);
    const log: string[] = [];
    await readTraceFileOffThread(bytes, { spawn: inProcess(log) });
    expect(log).toEqual([]);
    // Inflated sizes, as the reader would find them: compact, gzipped compact, JSON and gzipped JSON.
    const trace = await readTraceFile(bytes);
    const json = await writeTraceFile(trace, 'json');
    expect(contentSize(bytes)).toBe((await gunzip(bytes.subarray(5))).length);
    expect(contentSize(await gzip(bytes))).toBe(bytes.length);
    expect(contentSize(json)).toBe(json.length);
    expect(contentSize(await gzip(json))).toBe(json.length);
    // The JSON export of the same run is far over the threshold in a file of a few KB once gzipped.
    const small = await gzip(json);
    expect(small.length).toBeLessThan(OFF_THREAD_MIN_BYTES);
    expect(json.length).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
    await readTraceFileOffThread(small, { spawn: inProcess(log) });
    expect(log.filter((l) => l !== 'progress')).toEqual(['spawned', 'done']);
  });
});
