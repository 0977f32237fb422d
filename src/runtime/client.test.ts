import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTrace } from '../../tests/unit/fakes';
import { toWire } from '../protocol/transfer';
import { DEFAULT_LIMITS, type InterpreterBoot, type PageToWorker, type WorkerToPage } from '../protocol/messages';
import { createPythonClient, type ClientStatus, type PythonClient, type RunResult, type WorkerLike } from './client';

/** Stands in for python.worker.ts: the test decides what it answers and when. */
class FakeWorker implements WorkerLike {
  port: MessagePort | null = null;
  init: Extract<PageToWorker, { type: 'init' }> | null = null;
  transferred: Transferable[] = [];
  received: PageToWorker[] = [];
  terminated = false;
  private errorListener: ((event: Event) => void) | null = null;

  postMessage(message: unknown, transfer: Transferable[]): void {
    this.init = message as Extract<PageToWorker, { type: 'init' }>;
    this.transferred = transfer;
    this.port = transfer[0] as MessagePort;
    this.port.onmessage = (event: MessageEvent<PageToWorker>) => this.received.push(event.data);
  }
  terminate(): void {
    this.terminated = true;
    this.port?.close();
  }
  addEventListener(_type: 'error', listener: (event: Event) => void): void {
    this.errorListener = listener;
  }
  send(message: WorkerToPage | Record<string, unknown>): void {
    this.port?.postMessage(message);
  }
  ready(boot: InterpreterBoot = 'restored'): void {
    this.send({ type: 'ready', python: '3.14.2', pyodide: '314.0.7', loadMs: 900, boot });
  }
  crash(message: string): void {
    this.errorListener?.(Object.assign(new Event('error'), { message }));
  }
  get run(): Extract<PageToWorker, { type: 'run' }> | undefined {
    return this.received.find((m): m is Extract<PageToWorker, { type: 'run' }> => m.type === 'run');
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

let clients: PythonClient[] = [];
afterEach(() => {
  for (const client of clients) client.dispose();
  clients = [];
  vi.useRealTimers();
});

function setup(isolated = false, snapshot = false, spares = 1, snapshotURL?: string) {
  const workers: FakeWorker[] = [];
  const statuses: ClientStatus[] = [];
  const client = createPythonClient({
    indexURL: '/pyodide/',
    isolated,
    snapshot,
    spares,
    ...(snapshotURL ? { snapshotURL } : {}),
    stopGraceMs: 50,
    watchdogGraceMs: 50,
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
  });
  client.subscribe((s) => statuses.push(s));
  clients.push(client);
  return { client, workers, statuses };
}

function recorder() {
  const events: string[] = [];
  const results: RunResult[] = [];
  return {
    events,
    results,
    callbacks: {
      onStart: () => events.push('start'),
      onOutput: (chunks: { text: string }[]) => events.push(`out:${chunks.map((c) => c.text).join('')}`),
      onProgress: (steps: number) => events.push(`progress:${steps}`),
      onDone: (result: RunResult) => {
        events.push(`done:${result.status}`);
        results.push(result);
      },
    },
  };
}

describe('worker pool', () => {
  it('starts loading an interpreter at once and sends it the index URL and seed', () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(1);
    expect(client.status.state).toBe('loading');
    expect(workers[0]?.init).toEqual({
      type: 'init',
      indexURL: '/pyodide/',
      seed: 0,
      interruptBuffer: null,
      precompiledWasm: false,
      snapshot: null,
      makeSnapshot: false,
      snapshotURL: null,
    });
  });

  it('asks the first worker for the snapshot, then lends it to each new worker, which hands it back', async () => {
    const { client, workers, statuses } = setup(false, true);
    expect(workers[0]!.init).toMatchObject({ makeSnapshot: true, snapshot: null });
    workers[0]!.send({ type: 'snapshot', bytes: new Uint8Array([1, 2, 3]) });
    workers[0]!.ready('cached');
    // The first messages of the file can take a while to arrive (the port's first use).
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ state: 'ready', info: { boot: 'cached' } }));
    client.run('print(1)', DEFAULT_LIMITS, recorder().callbacks);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.init).toMatchObject({ makeSnapshot: false });
    expect([...workers[1]!.init!.snapshot!]).toEqual([1, 2, 3]);
    // Lent, not copied: the page's bytes went to the worker (transferred).
    expect(workers[1]!.transferred).toContain(workers[1]!.init!.snapshot!.buffer);
    await tick();
    // From a worker once a program runs in it: ignored (user code could send it).
    workers[0]!.send({ type: 'snapshot', bytes: new Uint8Array([6, 6, 6]) });
    await tick();
    const sent = workers[0]!.run!;
    workers[0]!.send({ type: 'done', runId: sent.runId, trace: toWire(fakeTrace({ status: 'completed' })).wire });
    workers[1]!.send({ type: 'snapshot', bytes: new Uint8Array([1, 2, 3]) });
    workers[1]!.ready();
    await tick();
    // Once ready, the worker cannot hand anything back any more.
    workers[1]!.send({ type: 'snapshot', bytes: new Uint8Array([7, 7, 7]) });
    await tick();
    client.run('print(2)', DEFAULT_LIMITS, recorder().callbacks);
    expect([...workers[2]!.init!.snapshot!]).toEqual([1, 2, 3]);
  });

  it("points only the worker that provides the snapshot at the build's own", async () => {
    const { client, workers } = setup(false, true, 1, '/pyodide/snapshot.bin');
    expect(workers[0]!.init).toMatchObject({ makeSnapshot: true, snapshot: null, snapshotURL: '/pyodide/snapshot.bin' });
    workers[0]!.send({ type: 'snapshot', bytes: new Uint8Array([1, 2, 3]) });
    workers[0]!.ready('shipped');
    await tick();
    client.run('print(1)', DEFAULT_LIMITS, recorder().callbacks);
    // A borrower restores the bytes it is lent, and needs no address.
    expect(workers[1]!.init).toMatchObject({ makeSnapshot: false, snapshotURL: null });
    expect([...workers[1]!.init!.snapshot!]).toEqual([1, 2, 3]);
    await tick();
    // The lent copy does not restore (a deployment that mixed builds): the next worker provides
    // the snapshot, without being pointed at the build's again.
    workers[1]!.crash('Snapshot build id mismatch');
    client.run('print(2)', DEFAULT_LIMITS, recorder().callbacks);
    expect(workers.at(-1)!.init).toMatchObject({ makeSnapshot: true, snapshot: null, snapshotURL: null });
  });

  it('asks the next worker for the snapshot when it is lost with the worker it was lent to', async () => {
    const { client, workers } = setup(false, true);
    workers[0]!.send({ type: 'snapshot', bytes: new Uint8Array([1, 2, 3]) });
    workers[0]!.ready();
    await tick();
    client.run('print(1)', DEFAULT_LIMITS, recorder().callbacks); // worker 1 borrows the snapshot
    await tick();
    workers[1]!.crash('out of memory'); // the spare dies with it
    client.run('print(2)', DEFAULT_LIMITS, recorder().callbacks);
    // The snapshot went with worker 1: worker 2 is asked to provide it again.
    expect(workers[2]!.init).toMatchObject({ makeSnapshot: true, snapshot: null });
    workers[2]!.ready('cached');
    await tick();
    // Ready without handing a snapshot back: none could be had, so the next is asked in turn.
    expect(workers[3]!.init).toMatchObject({ makeSnapshot: true, snapshot: null });
    workers[3]!.send({ type: 'snapshot', bytes: new Uint8Array([4, 5]) });
    await tick();
    workers[3]!.ready('made');
    await tick();
    client.run('print(3)', DEFAULT_LIMITS, recorder().callbacks); // takes worker 3, spawns worker 4
    expect([...workers[4]!.init!.snapshot!]).toEqual([4, 5]);
    client.run('print(4)', DEFAULT_LIMITS, recorder().callbacks); // takes worker 4 (loading)
    await tick();
    workers[4]!.send({ type: 'snapshot', bytes: new Uint8Array([4, 5]) });
    workers[4]!.ready();
    await tick(); // worker 4 runs print(4); worker 5 borrows the returned snapshot
    expect([...workers[5]!.init!.snapshot!]).toEqual([4, 5]);
    client.stop();
    client.run('print(5)', DEFAULT_LIMITS, recorder().callbacks); // takes worker 5 (loading, holds the snapshot)
    await tick();
    client.run('print(6)', DEFAULT_LIMITS, recorder().callbacks); // stops print(5): worker 5 is terminated
    expect(workers[5]!.terminated).toBe(true);
    // Worker 6 was created after the snapshot was lost with worker 5: it provides it.
    expect(workers[6]!.init).toMatchObject({ makeSnapshot: true, snapshot: null });
  });

  it('keeps two spares, so that a run pressed right after a run finds a warm one', async () => {
    const { client, workers, statuses } = setup(false, true, 2);
    expect(workers).toHaveLength(2);
    // One snapshot, lent to one worker at a time: the second starts once the first hands it back.
    expect(workers[0]!.init).toMatchObject({ makeSnapshot: true });
    expect(workers[1]!.init).toBeNull();
    workers[0]!.send({ type: 'snapshot', bytes: new Uint8Array([1, 2, 3]) });
    workers[0]!.ready('made');
    await tick();
    expect([...workers[1]!.init!.snapshot!]).toEqual([1, 2, 3]);
    client.run('print(1)', DEFAULT_LIMITS, recorder().callbacks);
    await tick();
    expect(workers[0]!.run).toBeDefined();
    // The run's worker is replaced at once; the new one waits for the snapshot too.
    expect(workers).toHaveLength(3);
    expect(workers[2]!.init).toBeNull();
    expect(statuses.at(-1)).toMatchObject({ state: 'loading' });
    workers[1]!.send({ type: 'snapshot', bytes: new Uint8Array([1, 2, 3]) });
    workers[1]!.ready();
    await tick();
    expect([...workers[2]!.init!.snapshot!]).toEqual([1, 2, 3]);
    // Run again right away: the warm worker 1 runs it, not worker 2 that is still loading.
    client.run('print(2)', DEFAULT_LIMITS, recorder().callbacks);
    await tick();
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.run?.source).toBe('print(2)');
    expect(workers[2]!.run).toBeUndefined();
    // Worker 2 holds the snapshot: its replacement waits for the return.
    expect(workers).toHaveLength(4);
    expect(workers[3]!.init).toBeNull();
    workers[2]!.send({ type: 'snapshot', bytes: new Uint8Array([1, 2, 3]) });
    await tick();
    expect([...workers[3]!.init!.snapshot!]).toEqual([1, 2, 3]);
    client.dispose();
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('says when every spare has loaded (the page holds back its service worker until then), or when none will', async () => {
    const { client, workers } = setup(false, true, 2);
    let warm = false;
    void client.whenWarm().then(() => (warm = true));
    workers[0]!.send({ type: 'snapshot', bytes: new Uint8Array([1, 2, 3]) });
    workers[0]!.ready('made');
    await tick();
    // The page is ready to run, but the second spare is still loading.
    expect(client.status.state).toBe('ready');
    expect(warm).toBe(false);
    workers[1]!.ready();
    await tick();
    expect(warm).toBe(true);
    // A run takes a spare: warm again only once its replacement has loaded.
    client.run('print(1)', DEFAULT_LIMITS, recorder().callbacks);
    let again = false;
    void client.whenWarm().then(() => (again = true));
    await tick();
    expect(again).toBe(false);
    workers[1]!.send({ type: 'snapshot', bytes: new Uint8Array([1, 2, 3]) });
    workers[2]!.ready();
    await tick();
    expect(again).toBe(true);
    // A pool that cannot load anything does not keep its waiters waiting.
    const failing = setup(false, false, 1);
    let given = false;
    void failing.client.whenWarm().then(() => (given = true));
    failing.workers[0]!.crash('no wasm');
    await tick();
    expect(failing.client.status.state).toBe('failed');
    expect(given).toBe(true);
  });

  it('runs on the warm worker, warms the next, and terminates the used one', async () => {
    const { client, workers, statuses } = setup();
    workers[0]!.ready();
    await tick();
    expect(statuses.at(-1)).toEqual({
      state: 'ready',
      info: { python: '3.14.2', pyodide: '314.0.7', loadMs: 900, boot: 'restored' },
    });

    const run = recorder();
    client.run('print(1)', DEFAULT_LIMITS, run.callbacks);
    expect(workers).toHaveLength(2); // the spare starts warming right away
    await tick();
    const sent = workers[0]!.run!;
    expect(sent).toMatchObject({ type: 'run', source: 'print(1)', limits: DEFAULT_LIMITS });

    workers[0]!.send({ type: 'progress', runId: sent.runId, steps: 0 });
    workers[0]!.send({ type: 'output', runId: sent.runId, chunks: [{ step: 1, stream: 'stdout', text: '1\n' }] });
    workers[0]!.send({ type: 'done', runId: sent.runId, trace: toWire(fakeTrace({ status: 'completed' })).wire });
    await tick();
    expect(run.events).toEqual(['start', 'progress:0', 'out:1\n', 'done:completed']);
    expect(run.results[0]?.trace?.meta.status).toBe('completed');
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.terminated).toBe(false);

    // The second run uses the spare: a fresh interpreter.
    workers[1]!.ready();
    await tick();
    client.run('print(2)', DEFAULT_LIMITS, recorder().callbacks);
    await tick();
    expect(workers[1]!.run?.source).toBe('print(2)');
    expect(workers[1]!.run?.runId).not.toBe(sent.runId);
  });

  it('queues a run until the interpreter is ready', async () => {
    const { client, workers } = setup();
    client.run('x = 1', DEFAULT_LIMITS, recorder().callbacks);
    await tick();
    expect(workers[0]!.run).toBeUndefined();
    expect(workers).toHaveLength(1); // no second load competing with the first
    workers[0]!.ready();
    await tick();
    expect(workers[0]!.run?.source).toBe('x = 1');
    expect(workers).toHaveLength(2);
  });

  it('ignores messages with the wrong runId, malformed ones, and ones from retired workers', async () => {
    const { client, workers } = setup();
    workers[0]!.ready();
    await tick();
    const run = recorder();
    client.run('x', DEFAULT_LIMITS, run.callbacks);
    await tick();
    const { runId } = workers[0]!.run!;
    workers[0]!.send({ type: 'output', runId: runId + 1, chunks: [{ step: 0, stream: 'stdout', text: 'forged' }] });
    workers[0]!.send({ type: 'output', runId, chunks: [{ step: 0, stream: 'stdout', text: 42 }] });
    workers[0]!.send({ type: 'eval', code: 'alert(1)' });
    // The spare has not been given this run.
    workers[1]!.send({ type: 'done', runId, trace: toWire(fakeTrace()).wire });
    await tick();
    expect(run.events).toEqual([]);
    workers[0]!.send({ type: 'done', runId, trace: toWire(fakeTrace({ status: 'error' })).wire });
    await tick();
    expect(run.events).toEqual(['done:error']);
    workers[0]!.send({ type: 'done', runId, trace: toWire(fakeTrace()).wire });
    await tick();
    expect(run.events).toEqual(['done:error']); // exactly once
  });

  it('passes on no more output than the run cap allows, whatever the worker sends', async () => {
    const { client, workers } = setup();
    workers[0]!.ready();
    await tick();
    const run = recorder();
    client.run('x', { ...DEFAULT_LIMITS, maxOutputBytes: 5 }, run.callbacks);
    await tick();
    const { runId } = workers[0]!.run!;
    const chunk = (text: string) => ({ step: 0, stream: 'stdout', text });
    workers[0]!.send({ type: 'output', runId, chunks: [chunk('abc')] });
    workers[0]!.send({ type: 'output', runId, chunks: [chunk('de'), chunk('fgh')] });
    workers[0]!.send({ type: 'output', runId, chunks: [chunk('more')] });
    await tick();
    expect(run.events).toEqual(['out:abc', 'out:de']);
  });

  it('without isolation, Stop terminates the worker at once', async () => {
    const { client, workers } = setup(false);
    workers[0]!.ready();
    await tick();
    const run = recorder();
    client.run('while True: pass', DEFAULT_LIMITS, run.callbacks);
    await tick();
    client.stop();
    expect(run.results).toEqual([{ status: 'stopped', trace: null, error: null }]);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.terminated).toBe(false);
  });

  it('with isolation, Stop writes 2 into the interrupt buffer and keeps the trace', async () => {
    const { client, workers } = setup(true);
    const buffer = workers[0]!.init!.interruptBuffer!;
    expect(buffer).toBeInstanceOf(SharedArrayBuffer);
    workers[0]!.ready();
    await tick();
    const run = recorder();
    client.run('while True: pass', DEFAULT_LIMITS, run.callbacks);
    await tick();
    client.stop();
    expect(Atomics.load(new Int32Array(buffer), 0)).toBe(2);
    expect(run.results).toEqual([]);
    workers[0]!.send({ type: 'done', runId: workers[0]!.run!.runId, trace: toWire(fakeTrace({ status: 'stopped' })).wire });
    await tick();
    expect(run.results[0]?.status).toBe('stopped');
    expect(run.results[0]?.trace).not.toBeNull();
  });

  it('with isolation, Stop falls back to terminating when the interpreter does not answer', async () => {
    const { client, workers } = setup(true);
    workers[0]!.ready();
    await tick();
    const run = recorder();
    client.run('while True: pass', DEFAULT_LIMITS, run.callbacks);
    await tick();
    client.stop();
    await new Promise((resolve) => setTimeout(resolve, 80)); // grace is 50 ms here
    expect(run.results).toEqual([{ status: 'stopped', trace: null, error: null }]);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('with isolation, Stop keeps waiting for the trace once the program is over, however long the build', async () => {
    const { client, workers } = setup(true);
    workers[0]!.ready();
    await tick();
    const run = recorder();
    client.run('while True: pass', { ...DEFAULT_LIMITS, maxSeconds: 0.05 }, run.callbacks);
    await tick();
    client.stop();
    const runId = workers[0]!.run!.runId;
    workers[0]!.send({ type: 'ended', runId, steps: 1_806_385 });
    // Past both Stop's grace (50 ms) and the budget's watchdog (50 + 50 ms): a long build.
    await new Promise((resolve) => setTimeout(resolve, 160));
    expect(run.results).toEqual([]);
    expect(workers[0]!.terminated).toBe(false);
    expect(run.events).toContain('progress:1806385');
    client.stop(); // a second Stop while the trace is built does not throw it away
    workers[0]!.send({ type: 'done', runId, trace: toWire(fakeTrace({ status: 'stopped' })).wire });
    await tick();
    expect(run.results[0]?.status).toBe('stopped');
    expect(run.results[0]?.trace).not.toBeNull();
  });

  it('gives up on a trace that never comes after the program ended', async () => {
    const workers: FakeWorker[] = [];
    const client = createPythonClient({
      indexURL: '/pyodide/',
      isolated: true,
      buildTimeoutMs: 50,
      createWorker: () => {
        const worker = new FakeWorker();
        workers.push(worker);
        return worker;
      },
    });
    clients.push(client);
    workers[0]!.ready();
    await tick();
    const run = recorder();
    client.run('x', DEFAULT_LIMITS, run.callbacks);
    await tick();
    workers[0]!.send({ type: 'ended', runId: workers[0]!.run!.runId, steps: 3 });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(run.results[0]?.status).toBe('error');
    expect(workers[0]!.terminated).toBe(true);
  });

  it('ends a run that overruns its time budget by terminating the worker', async () => {
    const { client, workers } = setup(true);
    workers[0]!.ready();
    await tick();
    const run = recorder();
    client.run('sum(range(10**12))', { ...DEFAULT_LIMITS, maxSeconds: 0.05 }, run.callbacks);
    await tick();
    expect(run.results).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 150)); // 50 ms budget + 50 ms grace
    expect(run.results).toEqual([{ status: 'time-limit', trace: null, error: null }]);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('Stop on a queued run cancels it and keeps the loading interpreter', async () => {
    const { client, workers } = setup();
    const run = recorder();
    client.run('x', DEFAULT_LIMITS, run.callbacks);
    client.stop();
    expect(run.results[0]?.status).toBe('stopped');
    expect(workers[0]!.terminated).toBe(false);
    workers[0]!.ready();
    await tick();
    expect(workers[0]!.run).toBeUndefined();
    expect(client.status.state).toBe('ready');
  });

  it('reports a load failure, and a later run retries with a new worker', async () => {
    const { client, workers, statuses } = setup();
    workers[0]!.send({ type: 'failed', message: 'Python failed to load: 404' });
    await tick();
    expect(statuses.at(-1)).toEqual({ state: 'failed', message: 'Python failed to load: 404' });
    expect(workers[0]!.terminated).toBe(true);
    client.run('x', DEFAULT_LIMITS, recorder().callbacks);
    expect(workers).toHaveLength(2);
  });

  it('ends the run as an error when its worker crashes', async () => {
    const { client, workers } = setup();
    workers[0]!.ready();
    await tick();
    const run = recorder();
    client.run('x', DEFAULT_LIMITS, run.callbacks);
    await tick();
    workers[0]!.crash('out of memory');
    expect(run.results[0]?.status).toBe('error');
    expect(run.results[0]?.error?.message).toMatch(/out of memory/);
  });
});
