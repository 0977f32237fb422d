// End-to-end: start-up (issue 8). The editor comes before React: the page shows the program
// in an outline of the app as soon as CodeMirror has loaded, and the app adopts that editor
// (text, selection, focus) when it renders. Timings are figures for `npm run bench`
// (scripts/measure-startup.mjs), never asserted here.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { distDir, hashFor, launch, serveApp, watchErrors } from './browser.mjs';

describe('start-up', () => {
  let browser;
  let server;
  before(async () => {
    browser = await launch();
    server = await serveApp();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('index.html preloads the start-up chunks, the editor ones first', async () => {
    const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
    const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\.\/assets\/([^"]+)"[^>]*>/g)].map((m) => ({
      file: m[1],
      low: m[0].includes('fetchpriority="low"'),
    }));
    const early = preloads.find((p) => p.file.startsWith('earlyEditor-'));
    const mount = preloads.find((p) => p.file.startsWith('mount-'));
    assert.ok(early && !early.low, 'the early editor chunk is preloaded at normal priority');
    assert.ok(mount?.low, 'the app chunk is preloaded at low priority');
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
});
