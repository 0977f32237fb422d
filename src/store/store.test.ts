import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClient, fakeTrace } from '../../tests/unit/fakes';
import { freshStore } from '../../tests/unit/store';
import { buildLink } from '../share/link';
import { connectRuntime, currentLine, openLink, runProgram, SEED_SOURCE, stopProgram, useStore } from './index';
import { recordedSeedLoop } from '../../tests/fixtures/traces';

let client: FakeClient;
let disconnect: () => void;

beforeEach(() => {
  freshStore();
  client = new FakeClient();
  disconnect = connectRuntime(client);
});
afterEach(() => disconnect());

const state = () => useStore.getState();

describe('store', () => {
  it('starts with the seed snippet, loading', () => {
    expect(state().source).toBe(SEED_SOURCE);
    expect(state().source).toContain('print(id(ins))');
    expect(state().status).toBe('loading');
  });

  it('becomes ready with the interpreter versions', () => {
    client.becomeReady();
    expect(state()).toMatchObject({ status: 'ready', python: '3.14.2', pyodide: '314.0.7' });
    expect(state().timings.loadMs).toBe(1234);
    expect(state().timings.readyAtMs).not.toBeNull();
  });

  it('runs the editor program and collects output batches', () => {
    client.becomeReady();
    state().setSource('print("a")\nprint("b")\n');
    runProgram();
    expect(state().status).toBe('running');
    expect(client.current?.source).toBe('print("a")\nprint("b")\n');
    client.start();
    expect(state().timings.rerunLatencyMs).not.toBeNull();
    client.print('a\n');
    client.print('b\n');
    expect(state().output.map((c) => c.text).join('')).toBe('a\nb\n');
    client.finish(fakeTrace({ status: 'completed', lines: [1, 2], output: state().output }));
    expect(state().status).toBe('completed');
    expect(state().trace?.steps.line.length).toBe(2);
    expect(state().cursor).toBe(1);
    expect(currentLine(state())).toBe(2);
    expect(state().timings.lastRunMs).not.toBeNull();
  });

  it('times a rerun to when the interpreter started it, as the worker reports, not to when the page heard', async () => {
    client.becomeReady();
    runProgram();
    const clicked = performance.getEntriesByName('refscope:run-click').at(-1)!.startTime;
    await new Promise((resolve) => setTimeout(resolve, 60)); // the page busy meanwhile
    client.start(performance.timeOrigin + clicked + 12);
    expect(state().timings.rerunLatencyMs).toBeCloseTo(12, 0);
    expect(performance.getEntriesByName('refscope:run-started').at(-1)!.startTime).toBeCloseTo(clicked + 12, 0);
    client.finish(fakeTrace({ status: 'completed', lines: [1] }));
    // A time outside the click and now (another clock, a forged message) is kept within them.
    runProgram();
    expect(state().status).toBe('running');
    client.start(0);
    expect(state().timings.rerunLatencyMs).toBe(0);
  });

  it('puts the cursor where the story is when a run ends: the first reuse of an address', () => {
    client.becomeReady();
    runProgram();
    client.finish(recordedSeedLoop());
    // Step 8 creates object #2 at the address object #1 had (see trace/steps.test.ts).
    expect(state()).toMatchObject({ cursor: 8, landing: { step: 8, reason: 'reuse' } });
    runProgram();
    expect(state().landing).toBeNull();
  });

  it('clears the previous run when a new one starts', () => {
    client.becomeReady();
    runProgram();
    client.print('old\n');
    client.finish(fakeTrace({ status: 'error', error: { type: 'E', message: 'm', line: 1, traceback: [] } }));
    expect(state().error).not.toBeNull();
    runProgram();
    expect(state()).toMatchObject({ status: 'running', output: [], error: null, trace: null, cursor: 0 });
  });

  it("takes the trace's output when the trace arrives, whatever the preview streamed", () => {
    client.becomeReady();
    runProgram();
    client.print('a\n');
    client.print('b\n', 'stdout', 1);
    const output = [{ step: 0, stream: 'stdout' as const, text: 'a\n' }];
    client.finish(fakeTrace({ status: 'completed', lines: [1, 2], output }));
    expect(state().output).toEqual(output);
  });

  it('keeps the streamed output when a stopped run has no trace', () => {
    client.becomeReady();
    runProgram();
    client.print('1\n');
    stopProgram();
    expect(client.stops).toBe(1);
    expect(state().status).toBe('stopped');
    expect(state().trace).toBeNull();
    expect(state().output.map((c) => c.text).join('')).toBe('1\n');
  });

  it('ignores callbacks of an older run', () => {
    client.becomeReady();
    runProgram();
    const old = client.current!;
    stopProgram();
    runProgram();
    old.callbacks.onOutput?.([{ step: 0, stream: 'stdout', text: 'stale' }]);
    old.callbacks.onDone({ status: 'completed', trace: null, error: null });
    expect(state().status).toBe('running');
    expect(state().output).toEqual([]);
  });

  it('queues Run pressed while Python loads and starts it when ready', () => {
    runProgram();
    expect(state()).toMatchObject({ status: 'loading', runQueued: true });
    expect(client.runs).toHaveLength(0);
    client.becomeReady();
    expect(state().status).toBe('running');
    expect(client.runs).toHaveLength(1);
  });

  it('Stop cancels a queued run', () => {
    runProgram();
    stopProgram();
    client.becomeReady();
    expect(state().status).toBe('ready');
    expect(client.runs).toHaveLength(0);
  });

  it('reports a failed load as an error', () => {
    client.setStatus({ state: 'failed', message: 'Python failed to load: 404' });
    expect(state().status).toBe('error');
    expect(state().error?.message).toBe('Python failed to load: 404');
  });

  it('loads a program from the hash and runs it once ready', () => {
    expect(openLink(buildLink({ source: 'print(42)', run: true })).run).toBe(true);
    expect(state().source).toBe('print(42)');
    expect(state().runQueued).toBe(true);
    client.becomeReady();
    expect(client.current?.source).toBe('print(42)');
  });

  it('runs with the budgets from the hash', () => {
    openLink(buildLink({ source: 'while True: pass', run: true, maxSteps: 5_000_000, maxSeconds: 30 }));
    client.becomeReady();
    expect(client.current?.limits).toMatchObject({ maxSteps: 5_000_000, maxSeconds: 30 });
    openLink(buildLink({ source: 'pass' }));
    expect(state().limits.maxSteps).toBe(100_000);
  });

  it('a broken hash shows the seed snippet and a notice', () => {
    state().setSource('something else');
    expect(openLink('#code=%%%broken&run=1').run).toBe(false);
    expect(state().source).toBe(SEED_SOURCE);
    expect(state().problems).toEqual([{ kind: 'broken-code' }]);
    expect(state().runQueued).toBe(false);
  });

  it('clamps the cursor to the trace', () => {
    useStore.setState({ trace: fakeTrace({ lines: [1, 2, 3] }) });
    state().setCursor(10);
    expect(state().cursor).toBe(2);
    state().setCursor(-4);
    expect(state().cursor).toBe(0);
    state().selectObject(3);
    state().setShowAllObjects(true);
    expect(state()).toMatchObject({ selectedObject: 3, showAllObjects: true });
  });
});
