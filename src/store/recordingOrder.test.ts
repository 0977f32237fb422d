import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClient } from '../../tests/unit/fakes';
import { freshStore } from '../../tests/unit/store';
import { deferRecordings, latestRecording, openLink, setRuntimeFactory, useStore } from './index';

/** Serves public/recordings/ as a static server would. */
function serveRecordings(): void {
  vi.stubGlobal(
    'fetch',
    vi.fn((url: URL | string) => {
      const name = /recordings\/([\w-]+\.refscope)$/.exec(String(url))?.[1];
      const bytes = readFileSync(new URL(`../../public/recordings/${name}`, import.meta.url));
      return Promise.resolve(new Response(bytes, { status: 200 }));
    }),
  );
}

beforeEach(() => {
  freshStore();
  setRuntimeFactory(() => new FakeClient());
});
afterEach(() => {
  setRuntimeFactory(null);
  deferRecordings(Promise.resolve());
  vi.unstubAllGlobals();
});

describe('example recordings at start-up', () => {
  it('are fetched at once but decoded only once the deferral settles; latestRecording says when they are on screen', async () => {
    serveRecordings();
    let release = (): void => undefined;
    deferRecordings(new Promise<void>((resolve) => (release = resolve)));
    openLink('');
    const shown = latestRecording();
    await vi.waitFor(() => expect(performance.getEntriesByName('refscope:recording-fetched').length).toBeGreaterThan(0));
    // Ample time for a decode that did not wait (a few ms for this recording).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(useStore.getState().replay).toBeNull();
    release();
    await expect(shown).resolves.toBe(true);
    expect(useStore.getState().replay).toEqual({ from: 'example', id: 'seed-loop', state: 'ready' });
  });
});
