// End-to-end: start-up (issue 8). The editor comes before React: the page shows the program
// in an outline of the app as soon as CodeMirror has loaded, and the app adopts that editor
// (text, selection, focus) when it renders. Timings are figures for `npm run bench`
// (scripts/measure-startup.mjs), never asserted here.
//
// Snapshots (issue 18): with the default seed, every page starts Python from the snapshot that
// ships with the build (src/cli/snapshot.ts); with another seed, the first worker of a first
// visit loads Pyodide in full, snapshots it and stores the snapshot in Cache Storage, and a
// later visit of the same build restores from it. The run status says how the page's first
// interpreter started (`data-python-boot`).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { distDir, hashFor, waitForAsync, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

describe('start-up', () => {
  const { browser, server } = inChromium();

  test("index.html downloads the editor's chunks early and not the app's (compiling them would delay the first paint)", async () => {
    const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
    const links = (rel) => [...html.matchAll(new RegExp(`<link rel="${rel}"[^>]*href="\\./assets/([^"]+)"[^>]*>`, 'g'))].map((m) => m[1]);
    assert.ok(links('preload" as="script').some((file) => file.startsWith('earlyEditor-')), 'the early editor chunk is preloaded');
    assert.ok(!links('modulepreload').some((file) => file.startsWith('earlyEditor-')), 'and not compiled before the first paint');
    assert.ok(![...links('modulepreload'), ...links('preload" as="script')].some((file) => file.startsWith('mount-')), 'the app chunk is not preloaded');
    const embed = await readFile(path.join(distDir, 'embed.html'), 'utf8');
    assert.match(embed, /<link rel="modulepreload"[^>]*href="\.\/assets\/[^"]+"/, 'the embed, which has no early editor, preloads its chunks');
  });

  test('a page that gets no frames (opened in a background tab) still starts Python and the editor', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    // A background tab: hidden, and no animation frame ever comes.
    await page.addInitScript(() => {
      Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
      window.requestAnimationFrame = () => 0;
    });
    await page.goto(server.url + hashFor('print(1)\n'));
    // Polled on a timer: Playwright's default polling waits for animation frames.
    await page.waitForFunction(() => performance.getEntriesByName('refscope:editor').length > 0, null, { polling: 100 });
    await page.waitForFunction(() => performance.getEntriesByName('refscope:ready').length > 0, null, { polling: 100, timeout: 60_000 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the editor is usable before the app has loaded, and the app keeps it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    let release;
    const held = new Promise((resolve) => (release = resolve));
    // Hold the app's own chunk: only the early editor can be on screen.
    await page.route(/\/assets\/mount-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(server.url + hashFor('def test():\n    ins = object()\n    print(id(ins))\n'));
    await page.waitForFunction(() => performance.getEntriesByName('refscope:editor').length > 0);
    assert.equal(await page.locator('[data-testid=run-button]').count(), 0, 'the app has not rendered yet');
    assert.equal(await page.locator('.app-early .cm-editor').count(), 1);
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('test()');

    release();
    await page.waitForSelector('[data-testid=run-button]');
    await page.keyboard.type('  # still typing');
    const after = await page.evaluate(() => ({
      editors: document.querySelectorAll('.cm-editor').length,
      outline: document.querySelectorAll('.app-early').length,
      focused: Boolean(document.activeElement?.closest('[data-testid=editor]')),
      text: document.querySelector('[data-testid=editor] .cm-content')?.textContent,
    }));
    assert.deepEqual(after, {
      editors: 1,
      outline: 0,
      focused: true,
      text: 'def test():    ins = object()    print(id(ins))test()  # still typing',
    });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a first visit starts from the build's snapshot, as every later one; seed= makes and keeps its own", async () => {
    const context = await browser.newContext();
    const program = 'import sys\nx = object()\nprint(id(x), hash("refscope"))\nprint(sys._emscripten_info.runtime)\n';
    /** One visit: how Python started and what the program printed (run twice). */
    async function visit(seed, stored) {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(server.url + hashFor(program, true) + `&seed=${seed}`);
      assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
      const boot = await page.getAttribute('[data-testid=run-status]', 'data-python-boot');
      const first = await page.textContent('[data-testid=output]');
      await page.click('[data-testid=run-button]');
      await page.waitForFunction(() => performance.getEntriesByName('refscope:run-started').length >= 2);
      assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
      assert.equal(await page.textContent('[data-testid=output]'), first, 'a rerun prints the same');
      // A snapshot the page made is stored while the first interpreter starts; wait until it is there.
      const keys = () => caches.open('refscope.snapshots').then((c) => c.keys()).then((k) => k.map((r) => r.url.split('/').pop()));
      if (stored) await waitForAsync(page, (s) => caches.open('refscope.snapshots').then((c) => c.keys()).then((k) => k.some((r) => r.url.endsWith(`/seed-${s}`))), seed);
      const inCache = await page.evaluate(keys);
      const userAgent = await page.evaluate(() => navigator.userAgent);
      assert.deepEqual(errors, []);
      await page.close();
      const [ids, runtime] = first.trim().split('\n');
      return { boot, printed: ids.split(' '), runtime, userAgent, inCache };
    }
    try {
      // The first interpreter ready is the one that fetched the build's snapshot (`shipped`), or
      // the next, which restores the copy it lent on at once (`restored`).
      const shipped = ['shipped', 'restored'];
      const first = await visit(0, false);
      assert.ok(shipped.includes(first.boot), `a first visit restores the build's snapshot (${first.boot})`);
      // The snapshot was made in Node: the interpreter still names the browser it runs in, as Pyodide loaded here does.
      assert.equal(first.runtime, first.userAgent);
      assert.deepEqual(first.inCache, [], 'nothing to store');
      const second = await visit(0, false);
      assert.ok(shipped.includes(second.boot), second.boot);
      assert.deepEqual(second.printed, first.printed, 'the same snapshot, so the same id and hash');
      // The snapshot fixes the hash seed: another seed gets a snapshot of its own, made by the page.
      const seven = await visit(7, true);
      assert.equal(seven.boot, 'made');
      assert.notEqual(seven.printed[1], first.printed[1], 'the hash of a string differs between seeds');
      assert.equal(seven.runtime, seven.userAgent);
      const sevenAgain = await visit(7, true);
      assert.equal(sevenAgain.boot, 'cached', 'a second visit with that seed restores the stored snapshot');
      assert.deepEqual(sevenAgain.printed, seven.printed);
      const back = await visit(0, false);
      assert.ok(shipped.includes(back.boot), back.boot);
      assert.deepEqual(back.inCache, ['seed-7']);
    } finally {
      await context.close();
    }
  });
});
