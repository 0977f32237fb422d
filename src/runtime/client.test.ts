import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTrace } from '../../tests/unit/fakes';
import { DEFAULT_LIMITS, type PageToWorker, type WorkerToPage } from '../protocol/messages';
import { createPythonClient, type ClientStatus, type PythonClient, type RunResult, type WorkerLike } from './client';

/** Stands in for python.worker.ts: the test decides what it answers and when. */
class FakeWorker implements WorkerLike {
  port: MessagePort | null = null;
  init: Extract<PageToWorker, { type: 'init' }> | null = null;
  received: PageToWorker[] = [];
  terminated = false;
  private errorListener: ((event: Event) => void) | null = null;

  postMessage(message: unknown, transfer: Transferable[]): void {
    this.init = message as Extract<PageToWorker, { type: 'init' }>;
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
  ready(): void {
    this.send({ type: 'ready', python: '3.14.2', pyodide: '314.0.7', loadMs: 900 });
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

function setup(isolated = false) {
  const workers: FakeWorker[] = [];
  const statuses: ClientStatus[] = [];
  const client = createPythonClient({
    indexURL: '/pyodide/',
    isolated,
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
    });
  });

  it('runs on the warm worker, warms the next, and terminates the used one', async () => {
    const { client, workers, statuses } = setup();
    workers[0]!.ready();
    await tick();
    expect(statuses.at(-1)).toEqual({
      state: 'ready',
      info: { python: '3.14.2', pyodide: '314.0.7', loadMs: 900 },
    });

    const run = recorder();
    client.run('print(1)', DEFAULT_LIMITS, run.callbacks);
    expect(workers).toHaveLength(2); // the spare starts warming right away
    await tick();
    const sent = workers[0]!.run!;
    expect(sent).toMatchObject({ type: 'run', source: 'print(1)', limits: DEFAULT_LIMITS });

    workers[0]!.send({ type: 'progress', runId: sent.runId, steps: 0 });
    workers[0]!.send({ type: 'output', runId: sent.runId, chunks: [{ step: 1, stream: 'stdout', text: '1\n' }] });
    workers[0]!.send({ type: 'done', runId: sent.runId, trace: fakeTrace({ status: 'completed' }) });
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
    workers[1]!.send({ type: 'done', runId, trace: fakeTrace() });
    await tick();
    expect(run.events).toEqual([]);
    workers[0]!.send({ type: 'done', runId, trace: fakeTrace({ status: 'error' }) });
    await tick();
    expect(run.events).toEqual(['done:error']);
    workers[0]!.send({ type: 'done', runId, trace: fakeTrace() });
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
    workers[0]!.send({ type: 'done', runId: workers[0]!.run!.runId, trace: fakeTrace({ status: 'stopped' }) });
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
