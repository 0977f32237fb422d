import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClient, fakeTrace } from '../../tests/unit/fakes';
import { recordedSeedLoop } from '../../tests/fixtures/traces';
import { buildLink, compressTrace } from '../share/link';
import { traceToJSON } from '../trace/json';
import { freshStore } from '../../tests/unit/store';
import { currentView, openLink, runProgram, SEED_SOURCE, setRuntimeFactory, useStore } from './index';

const json = () => JSON.stringify(traceToJSON(recordedSeedLoop()));
const state = () => useStore.getState();
let clients: Array<{ seed: number; client: FakeClient }>;

beforeEach(() => {
  clients = [];
  freshStore();
  setRuntimeFactory((seed) => {
    const client = new FakeClient();
    clients.push({ seed, client });
    return client;
  });
});
afterEach(() => {
  setRuntimeFactory(null);
  vi.unstubAllGlobals();
});

/** Lets the replay's promises (fetch, dynamic import) settle. */
const settle = () => vi.waitFor(() => expect(state().replay?.state).not.toBe('loading'));

describe('openLink', () => {
  it('a live link starts Python with its seed, runs, and puts the cursor at its step when the run ends', () => {
    openLink(buildLink({ source: 'x = 1', run: true, step: 1, seed: 7, all: true }));
    expect(clients.map((c) => c.seed)).toContain(7);
    expect(state()).toMatchObject({ source: 'x = 1', seed: 7, showAllObjects: true, runQueued: true, pendingStep: 1 });
    const client = clients[clients.length - 1]!.client;
    client.becomeReady();
    client.finish(fakeTrace({ lines: [1, 2, 3, 4] }));
    expect(state()).toMatchObject({ cursor: 1, pendingStep: null });
  });

  it('a link with the heap view opens on it, and the view on screen is written back into links', () => {
    openLink(buildLink({ source: 'x = 1', run: true, step: 1, view: 'heap' }));
    expect(state().inspectView).toBe('heap');
    const client = clients[clients.length - 1]!.client;
    client.becomeReady();
    client.finish(fakeTrace({ lines: [1, 2, 3, 4] }));
    expect(currentView(state())).toMatchObject({ view: 'heap', step: 1 });
    state().setInspectView('variables');
    expect(currentView(state()).view).toBeUndefined();
    // A link that does not say keeps what the reader chose.
    state().setInspectView('heap');
    openLink('#lang=en');
    expect(state().inspectView).toBe('heap');
  });

  it("a link's step wins over the story step", () => {
    openLink(buildLink({ source: 'x = 1', run: true, step: 3 }));
    const client = clients[clients.length - 1]!.client;
    client.becomeReady();
    client.finish(recordedSeedLoop());
    expect(state()).toMatchObject({ cursor: 3, landing: null, pendingStep: null });
  });

  it('a step beyond the run goes to its last step; an edit first cancels it', () => {
    openLink(buildLink({ source: 'x = 1', run: true, step: 99 }));
    const client = clients[clients.length - 1]!.client;
    client.becomeReady();
    client.finish(fakeTrace({ lines: [1, 2] }));
    expect(state().cursor).toBe(1);

    openLink(buildLink({ source: 'y = 2', step: 5 }));
    state().setSource('y = 3');
    expect(state().pendingStep).toBeNull();
  });

  it('a broken program shows the default example, lists the problems, and never runs', () => {
    state().setSource('mine');
    const result = openLink('#check=abc&code=AAAA&run=1&seed=x');
    expect(result).toEqual({ run: false, replay: false, theme: null });
    expect(state().source).toBe(SEED_SOURCE);
    expect(state().problems).toEqual([{ kind: 'broken-code' }, { kind: 'bad-value', key: 'seed', value: 'x' }]);
    expect(state().runQueued).toBe(false);
  });

  it('an inline replay starts no Python and shows the trace at the step', async () => {
    expect(openLink(buildLink({ tracez: compressTrace(json()), step: 4, lang: 'zh-CN', theme: 'dark' }))).toEqual({ run: false, replay: true, theme: 'dark' });
    expect(state().replay).toMatchObject({ from: 'inline', state: 'loading' });
    await settle();
    expect(clients).toEqual([]);
    expect(state()).toMatchObject({ cursor: 4, lang: 'zh-CN', status: 'step-limit', replay: { from: 'inline', state: 'ready' } });
    expect(state().source).toContain('print(id(ins))');
    expect(state().trace?.steps.line.length).toBe(24);
    // The link to it is the trace again, at the cursor.
    expect(currentView(state())).toMatchObject({ tracez: expect.any(String), step: 4 });

    // Run starts Python on demand (with the trace's seed); the recording stays on screen
    // until the live run replaces it.
    runProgram();
    expect(clients).toHaveLength(1);
    expect(state()).toMatchObject({ runQueued: true, replay: { from: 'inline' } });
    clients[0]!.client.becomeReady();
    expect(state()).toMatchObject({ status: 'running', trace: null, replay: null });
  });

  it('a trace URL is fetched relative to the page; a failure falls back to a live page with a notice', async () => {
    const fetch = vi.fn(() => Promise.resolve(new Response(json(), { status: 200 })));
    vi.stubGlobal('fetch', fetch);
    openLink('#trace=traces%2Fseed.json&step=2');
    await settle();
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toMatch(/traces\/seed\.json$/);
    expect(state()).toMatchObject({ cursor: 2, replay: { from: 'url', url: 'traces/seed.json' } });
    expect(clients).toEqual([]);

    fetch.mockImplementation(() => Promise.resolve(new Response('nope', { status: 404 })));
    openLink('#trace=traces/missing.json');
    await vi.waitFor(() => expect(state().replay).toBeNull());
    expect(state().problems).toEqual([{ kind: 'trace-failed', reason: 'fetch', detail: 'HTTP 404' }]);
    expect(state().source).toBe(SEED_SOURCE);
    expect(clients).toHaveLength(1); // live now
  });

  it('a live link ends a replay, even one still loading', async () => {
    openLink(buildLink({ tracez: compressTrace(json()) }));
    openLink(buildLink({ source: 'x = 1' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(state()).toMatchObject({ replay: null, source: 'x = 1', trace: null });
  });

  it('an unreadable inline trace is reported', async () => {
    openLink('#tracez=AAAAAAAA');
    await vi.waitFor(() => expect(state().problems).toHaveLength(1));
    expect(state().problems[0]).toMatchObject({ kind: 'trace-failed' });
  });

  it('a new seed in a later link restarts Python with it; the same seed keeps the interpreter', () => {
    openLink(buildLink({ source: 'x = 1' }));
    openLink(buildLink({ source: 'x = 2' }));
    const before = clients.length;
    openLink(buildLink({ source: 'x = 1', seed: 3 }));
    expect(clients.length).toBe(before + 1);
    expect(clients[clients.length - 1]?.seed).toBe(3);
  });
});
