// End-to-end: the order of start-up work on the page's one main thread (issues 12 and 18).
// The editor comes first, with CodeMirror's core only: its full setup (highlighting, folding,
// completion) loads once the app is on screen, and edits made before keep their undo history.
// Decoding the example's recording waits for the editor; the app's first render waits only a
// moment for the recording, and a late one still comes on screen. Chunks and files are held
// with routes, so nothing here depends on how fast the machine is. Functions passed to
// page.evaluate run in the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashFor, launch, serveApp, watchErrors } from './browser.mjs';

/** Holds every request matching `pattern` until `release()`. */
async function hold(page, pattern) {
  const held = [];
  let released = false;
  await page.route(pattern, (route) => (released ? route.continue() : held.push(route)));
  return {
    requested: () => held.length > 0,
    release: async () => {
      released = true;
      await Promise.all(held.splice(0).map((r) => r.continue()));
    },
  };
}

const marks = (page) => page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));

describe('start-up order', () => {
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

  test('the editor takes typing with its core setup; the full setup arrives after the app, and undo reaches across it', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    const full = await hold(page, /\/assets\/editorSetup-[^/]+\.js$/);
    await page.goto(server.url + hashFor('def test():\n    return 1\n'));
    await page.waitForFunction(() => performance.getEntriesByName('refscope:editor').length > 0);
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('x = 2');
    // The app renders without waiting for the editor's full setup, which is asked for after it.
    await page.waitForSelector('[data-testid=run-button]');
    for (let i = 0; i < 50 && !full.requested(); i++) await page.waitForTimeout(100);
    assert.ok(full.requested(), 'the full setup is asked for once the app is on screen');
    const before = await page.evaluate(() => ({
      folding: document.querySelectorAll('[data-testid=editor] .cm-foldGutter').length,
      keyword: [...document.querySelectorAll('[data-testid=editor] .cm-line span')].some((s) => s.textContent === 'def'),
      text: document.querySelector('[data-testid=editor] .cm-content')?.textContent,
    }));
    assert.deepEqual(before, { folding: 0, keyword: false, text: 'def test():    return 1x = 2' });

    await full.release();
    await page.waitForSelector('[data-testid=editor] .cm-foldGutter');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=editor] .cm-line span')].some((s) => s.textContent === 'def'),
    );
    // Typed before the full setup, undone after it: the history went across.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelector('[data-testid=editor] .cm-content')?.textContent === 'def test():    return 1');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the example's recording is decoded only once the editor is on screen", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    const editor = await hold(page, /\/assets\/earlyEditor-[^/]+\.js$/);
    const fetched = page.waitForResponse((r) => r.url().endsWith('/recordings/seed-loop.refscope'));
    await page.goto(server.url);
    await fetched;
    // Give a decode that did not wait every chance to happen.
    await page.waitForTimeout(1000);
    const held = await marks(page);
    assert.equal(held['refscope:editor'], undefined);
    assert.equal(held['refscope:recording-decoded'], undefined, 'nothing decoded while the editor is held');
    assert.equal(await page.locator('[data-testid=replay-badge]').count(), 0);

    await editor.release();
    await page.waitForSelector('[data-testid=replay-badge][data-from=example]');
    const done = await marks(page);
    assert.ok(done['refscope:editor'] < done['refscope:recording-decoded'], 'the editor first, then the recording');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a late recording does not hold the app: it renders without it, and the recording follows', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    const recording = await hold(page, '**/recordings/seed-loop.refscope');
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=run-button]');
    assert.ok(recording.requested());
    assert.equal(await page.locator('[data-testid=replay-badge]').count(), 0);

    await recording.release();
    await page.waitForSelector('[data-testid=replay-badge][data-from=example]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=timeline] .tl-plot')?.getAttribute('data-lanes')) > 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
