import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClient, fakeTrace } from '../../tests/unit/fakes';
import { exampleById } from '../examples';
import { buildLink } from '../share/link';
import { freshStore } from '../../tests/unit/store';
import { loadExample, openLink, runProgram, SEED_SOURCE, setRuntimeFactory, showExampleRecording, useStore } from './index';

/** The recordings the app ships, served as a static server would. */
function serveRecordings(): ReturnType<typeof vi.fn> {
  const fetch = vi.fn((url: URL | string) => {
    const name = /recordings\/([\w-]+\.refscope)$/.exec(String(url))?.[1];
    try {
      const bytes = readFileSync(new URL(`../../public/recordings/${name}`, import.meta.url));
      return Promise.resolve(new Response(bytes, { status: 200 }));
    } catch {
      return Promise.resolve(new Response('not found', { status: 404 }));
    }
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const state = () => useStore.getState();
let clients: FakeClient[];

beforeEach(() => {
  clients = [];
  freshStore();
  setRuntimeFactory(() => {
    const client = new FakeClient();
    clients.push(client);
    return client;
  });
});
afterEach(() => {
  setRuntimeFactory(null);
  vi.unstubAllGlobals();
});

describe('example recordings', () => {
  it('a fresh page starts Python first, then shows the default example recorded, leaving the status to Python', async () => {
    const fetch = serveRecordings();
    openLink('');
    expect(clients).toHaveLength(1);
    expect(String(fetch.mock.calls[0]?.[0])).toMatch(/\/recordings\/seed-loop\.refscope$/);
    await vi.waitFor(() => expect(state().replay).toEqual({ from: 'example', id: 'seed-loop', state: 'ready' }));
    const { trace, output, status } = state();
    expect(trace?.meta.source).toBe(SEED_SOURCE);
    expect(trace?.meta.status).toBe('step-limit');
    expect(output.length).toBeGreaterThan(10);
    expect(status).toBe('loading');
    clients[0]!.becomeReady();
    expect(state().status).toBe('ready');
    expect(state().trace).toBe(trace);
  });

  it('Run replaces the recording with a live run (queued until Python is ready)', async () => {
    serveRecordings();
    openLink('#lang=zh-CN');
    await vi.waitFor(() => expect(state().replay?.from).toBe('example'));
    runProgram();
    expect(state().runQueued).toBe(true);
    clients[0]!.becomeReady();
    expect(state()).toMatchObject({ status: 'running', trace: null, replay: null });
    clients[0]!.finish(fakeTrace({ lines: [1, 2] }));
    expect(state().trace?.steps.line.length).toBe(2);
    expect(state().replay).toBeNull();
  });

  it('editing the program takes the recording off screen', async () => {
    serveRecordings();
    openLink('');
    await vi.waitFor(() => expect(state().replay?.from).toBe('example'));
    state().setSource(`${SEED_SOURCE}# mine\n`);
    expect(state()).toMatchObject({ trace: null, output: [], replay: null });
  });

  it('is not shown when the program changed while it was fetched, nor over a run', async () => {
    serveRecordings();
    const shown = showExampleRecording('seed-loop');
    state().setSource('x = 1\n');
    expect(await shown).toBe(false);
    expect(state().trace).toBeNull();

    useStore.setState({ source: SEED_SOURCE, status: 'running' });
    expect(await showExampleRecording('seed-loop')).toBe(false);
    expect(state().trace).toBeNull();
  });

  it('an example picked from the menu shows its own recording', async () => {
    serveRecordings();
    loadExample('cycles');
    await vi.waitFor(() => expect(state().replay).toEqual({ from: 'example', id: 'cycles', state: 'ready' }));
    expect(state().trace?.meta.source).toBe(exampleById('cycles')?.code);
    expect(state().output.map((c) => c.text).join('')).toMatch(/gc\.collect\(\) found 2 objects/);
  });

  it('a link with its own program runs live and fetches no recording', () => {
    const fetch = serveRecordings();
    openLink(buildLink({ source: 'x = 1\n', run: true }));
    expect(state()).toMatchObject({ source: 'x = 1\n', runQueued: true });
    openLink(buildLink({ source: 'y = 2\n', run: false }));
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a missing recording leaves a live page', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response('', { status: 404 }))));
    expect(await showExampleRecording('seed-loop')).toBe(false);
    expect(state()).toMatchObject({ trace: null, replay: null, problems: [] });
  });
});
