// End-to-end: the built app served under a non-root base path (/refscope/ on a static host),
// and offline: after a first visit has installed the service worker, a second visit works
// with the server gone and the network off — still cross-origin isolated (the cached
// responses keep their COOP/COEP headers), so Stop still interrupts instead of restarting.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashFor, launch, SEED, waitForStatus, watchErrors } from './browser.mjs';
import { servePrefixed, seedTraceJSON, tracezFor } from './sharing.mjs';

const ENDED = ['completed', 'step-limit', 'time-limit', 'stopped', 'error'];

describe('Deployment under a base path, and offline, in Chromium', () => {
  let browser;
  let server;
  before(async () => {
    browser = await launch();
    server = await servePrefixed('refscope');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('served at /refscope/: the app runs, the embed replays, and a second visit works offline', async (t) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const program = 'a = object()\nprint(id(a))\ndel a\nb = object()\nprint(id(b))\n';
    await page.goto(server.url + hashFor(program, true));
    assert.equal(await waitForStatus(page, ENDED, 90_000), 'completed', errors.join('\n'));
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    const online = (await page.textContent('[data-testid=output]')).trim();

    // The service worker: registered for /refscope/, its install done (everything precached).
    const sw = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const keys = await caches.keys();
      const cache = await caches.open(keys.find((k) => k.startsWith('refscope-')));
      const cached = (await cache.keys()).map((r) => new URL(r.url).pathname);
      return { scope: registration.scope, cached };
    });
    assert.match(sw.scope, /\/refscope\/$/);
    for (const file of ['/refscope/index.html', '/refscope/embed.html', '/refscope/pyodide/pyodide.asm.wasm', '/refscope/pyodide/python_stdlib.zip']) {
      assert.ok(sw.cached.includes(file), `${file} precached`);
    }
    assert.ok(sw.cached.some((p) => /\/refscope\/assets\/python\.worker-.*\.js$/.test(p)));
    t.diagnostic(`${sw.cached.length} files precached`);
    // The memory snapshot Python starts from ships with the build (src/cli/snapshot.ts): precached too.
    assert.ok(sw.cached.includes('/refscope/pyodide/snapshot.bin'), 'the snapshot precached');

    // The embed under the same prefix (a replay: no Python).
    const embed = await context.newPage();
    await embed.goto(`${server.url}embed.html#tracez=${tracezFor(seedTraceJSON())}&step=2`);
    await embed.waitForSelector('[data-testid=replay-badge]');
    assert.equal(await embed.textContent('[data-testid=step-current]'), '2');
    await embed.close();

    // Second visit: the server is gone and the network is off.
    const appURL = `http://${new URL(sw.scope).host}/refscope/`;
    await server.close();
    server = null;
    await context.setOffline(true);
    await page.goto('about:blank');
    const started = Date.now();
    await page.goto(appURL + hashFor(program, true));
    assert.equal(await waitForStatus(page, ENDED, 90_000), 'completed', errors.join('\n'));
    t.diagnostic(`offline: page to a completed run in ${Date.now() - started} ms`);
    assert.equal((await page.textContent('[data-testid=output]')).trim(), online, 'same ids offline');
    const boot = await page.getAttribute('[data-testid=run-status]', 'data-python-boot');
    // From the build's snapshot, precached: the worker that fetched it, or the next one, restoring the copy lent on.
    assert.ok(['shipped', 'restored'].includes(boot), `Python starts from the build's snapshot, precached (${boot})`);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'isolation survives the service worker');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true);

    // Stop uses the interrupt buffer (possible only when isolated) and ends within a second.
    await page.evaluate((hash) => (location.hash = hash), hashFor('while True:\n    pass\n', true, { steps: 10_000_000, seconds: 60 }));
    await waitForStatus(page, ['running']);
    await page.waitForTimeout(300);
    const stopAt = Date.now();
    await page.click('[data-testid=stop-button]');
    assert.equal(await waitForStatus(page, ENDED, 5000), 'stopped');
    assert.ok(Date.now() - stopAt < 1500);
    // The embed page works offline too.
    await page.goto(`${appURL}embed.html${hashFor(SEED, true, { steps: 100 })}`);
    assert.equal(await waitForStatus(page, ENDED, 90_000), 'step-limit');
    await context.close();
  });
});
