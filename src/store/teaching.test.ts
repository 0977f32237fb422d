import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClient, fakeTrace } from '../../tests/unit/fakes';
import { freshStore } from '../../tests/unit/store';
import { exampleById } from '../examples';
import { buildLink, parseLink } from '../share/link';
import { connectRuntime, loadExample, openLink, runProgram, SEED_SOURCE, togglePresent, useStore } from './index';

let client: FakeClient;
let disconnect: () => void;

beforeEach(() => {
  freshStore();
  useStore.setState({ lang: 'en', exampleId: null });
  client = new FakeClient();
  disconnect = connectRuntime(client);
});
afterEach(() => {
  disconnect();
  vi.unstubAllGlobals();
});

const state = () => useStore.getState();
/** The view settings a link carries, apart from its program. */
const parseHashView = (hash: string) => {
  const { lang, present } = parseLink(hash).view;
  return { lang, present };
};

describe('examples in the store', () => {
  it('loads an example without running it and clears the previous run', () => {
    client.becomeReady();
    runProgram();
    client.finish(fakeTrace({ status: 'completed', lines: [1, 2, 3] }));
    expect(state().trace).not.toBeNull();
    expect(loadExample('cycles')).toBe(true);
    expect(state()).toMatchObject({ source: exampleById('cycles')?.code, exampleId: 'cycles', status: 'ready', trace: null, output: [], cursor: 0 });
    expect(client.runs).toHaveLength(1);
    runProgram();
    expect(client.current?.source).toBe(exampleById('cycles')?.code);
  });

  it('stops a run in progress and ignores what it sends afterwards', () => {
    client.becomeReady();
    runProgram();
    const old = client.current!;
    loadExample('seed-loop');
    expect(client.stops).toBe(1);
    old.callbacks.onDone({ status: 'stopped', trace: fakeTrace({ status: 'stopped' }), error: null });
    expect(state()).toMatchObject({ status: 'ready', trace: null, exampleId: 'seed-loop' });
  });

  it('while Python loads, keeps loading and cancels a queued run', () => {
    runProgram();
    expect(state().runQueued).toBe(true);
    loadExample('strings');
    expect(state()).toMatchObject({ status: 'loading', runQueued: false, exampleId: 'strings' });
    client.becomeReady();
    expect(client.runs).toHaveLength(0);
  });

  it('refuses unknown ids', () => {
    expect(loadExample('nope')).toBe(false);
    expect(state().source).toBe(SEED_SOURCE);
  });
});

describe('view settings in the hash', () => {
  it('reads lang and present', () => {
    expect(parseHashView('#code=abc&lang=zh-CN&present=1')).toEqual({ lang: 'zh-CN', present: true });
    expect(parseHashView('lang=en&present=0')).toEqual({ lang: 'en', present: false });
    expect(parseHashView('#lang=zh')).toEqual({ lang: 'zh-CN', present: null });
    expect(parseHashView('#lang=zh-cn')).toEqual({ lang: 'zh-CN', present: null });
    expect(parseHashView('#lang=fr&present=maybe')).toEqual({ lang: null, present: null });
    expect(parseHashView('')).toEqual({ lang: null, present: null });
  });

  it('applies them, with or without a program, and leaves absent ones alone', () => {
    // The editor's example would show its recording: none to fetch here.
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response('', { status: 404 }))));
    openLink('#lang=zh-CN&present=1');
    expect(state()).toMatchObject({ lang: 'zh-CN', present: true });
    openLink(buildLink({ source: 'print(1)' }));
    expect(state()).toMatchObject({ lang: 'zh-CN', present: true, exampleId: null });
    openLink(`${buildLink({ source: 'x = 1' })}&lang=en&present=0`);
    expect(state()).toMatchObject({ lang: 'en', present: false, source: 'x = 1' });
  });

  it('shows the explanation of an example opened from a link', () => {
    const code = exampleById('weakref')?.code ?? '';
    openLink(buildLink({ source: code }));
    expect(state()).toMatchObject({ source: code, exampleId: 'weakref' });
  });

  it('toggles presentation mode', () => {
    togglePresent();
    expect(state().present).toBe(true);
    togglePresent();
    expect(state().present).toBe(false);
  });
});
