// End-to-end: the first view. A fresh page shows the default example's recorded run (badge,
// lanes, narration, output, objects, its explanation and the puzzle in one line) while Python
// is still loading: here Pyodide's WebAssembly is held back until the test lets it through, so
// nothing on screen can have come from Python. Picking another example shows its recording;
// Run replaces it with a live run; a link with its own program runs live and fetches no
// recording. Functions passed to page.evaluate run in the page.
// The README's screenshot is this first view: `UPDATE_SCREENSHOT=1 node --test
// tests/e2e/recording.test.mjs` copies test-results/first-view.png to docs/screenshot.png.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { hashFor, repoRoot, status, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const resultsDir = path.join(repoRoot, 'test-results');

const ENDED = ['step-limit', 'time-limit', 'completed', 'stopped', 'error'];

/** What the page shows of the trace on screen. */
function view(page) {
  return page.evaluate(() => {
    const text = (sel) => document.querySelector(sel)?.textContent ?? '';
    return {
      badge: document.querySelector('[data-testid=replay-badge]')?.getAttribute('data-from') ?? null,
      badgeText: text('[data-testid=replay-badge]'),
      lanes: Number(document.querySelector('[data-testid=timeline] .tl-plot')?.getAttribute('data-lanes') ?? 0),
      narration: text('[data-testid=narration]'),
      output: text('[data-testid=output]'),
      outputLines: Number(document.querySelector('[data-testid=output]')?.getAttribute('data-lines') ?? 0),
      objects: document.querySelectorAll('[data-testid=objects-table] tbody tr').length,
      explanation: document.querySelector('[data-testid=example-explanation]')?.getAttribute('data-example') ?? null,
      explanationText: text('[data-testid=example-explanation]'),
      puzzle: text('[data-testid=puzzle]'),
      editor: text('.cm-content'),
    };
  });
}

/** Holds every request for pyodide.asm.wasm until `release()`. */
async function holdPython(page) {
  const held = [];
  let released = false;
  await page.route('**/pyodide.asm.wasm', (route) => (released ? route.continue() : held.push(route)));
  return {
    requested: () => held.length > 0,
    release: async () => {
      released = true;
      await Promise.all(held.splice(0).map((r) => r.continue()));
    },
  };
}

describe('the first view: recorded runs before Python', () => {
  const { browser, server } = inChromium();

  test('a fresh page shows the recording while Python loads; another example shows its own; Run runs live', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const python = await holdPython(page);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=replay-badge][data-from=example]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=timeline] .tl-plot')?.getAttribute('data-lanes')) > 0);
    // The objects table follows the timeline in a deferred render (ui/useSettledTrace).
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=objects-table] tbody tr').length > 0);
    let v = await view(page);
    assert.equal(await status(page), 'loading', 'Python has not loaded');
    assert.ok(python.requested(), 'Python was asked for first, and is still held back');
    assert.match(v.badgeText, /^Recorded run · 1,500 steps$/);
    assert.ok(v.lanes >= 2, `lanes: ${v.lanes}`);
    assert.match(v.narration, /^line \d+/);
    assert.ok(v.outputLines > 300, `${v.outputLines} lines of output`);
    const ids = v.output.trim().split('\n');
    assert.ok(ids.length > 5 && /^\d+$/.test(ids[0]), v.output.slice(0, 80));
    assert.equal(new Set(ids).size, 1, 'the same id() every time, as in the blog');
    assert.ok(v.objects > 3, `${v.objects} rows in the objects table`);
    assert.equal(v.explanation, 'seed-loop');
    assert.match(v.explanationText, /Chinese blog post, “python局部变量内存地址释放疑问的分析”/);
    assert.match(v.puzzle, /blog post: why does id\(\) of a fresh object\(\) print the same number/);
    assert.match(v.editor, /print\(id\(ins\)\)/);
    await mkdir(resultsDir, { recursive: true });
    const shot = path.join(resultsDir, 'first-view.png');
    await page.screenshot({ path: shot });
    if (process.env.UPDATE_SCREENSHOT) await copyFile(shot, path.join(repoRoot, 'docs/screenshot.png'));

    // In Chinese, the same view says so in Chinese.
    await page.goto(server.url + '#lang=zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    v = await view(page);
    assert.equal(v.badge, 'example', 'a link that only changes the language keeps the recording');
    assert.match(v.badgeText, /^录制的运行 · 1,500 步$/);
    assert.match(v.puzzle, /^谜题来自一篇博客/);
    assert.match(v.explanationText, /一篇中文博客《python局部变量内存地址释放疑问的分析》/);
    await page.goto(server.url + '#lang=en');

    // Another example from the menu: its recording, still without Python.
    await page.click('[data-testid=examples-button]');
    await page.click('[data-testid=examples-menu] [data-example=cycles]');
    await page.waitForFunction(() => /gc\.collect\(\) found 2 objects/.test(document.querySelector('[data-testid=output]')?.textContent ?? ''));
    v = await view(page);
    assert.equal(v.badge, 'example');
    assert.equal(v.explanation, 'cycles');
    assert.ok(v.lanes >= 2);
    assert.match(v.badgeText, /^Recorded run · 20 steps$/);
    assert.equal(await status(page), 'loading');

    // Run replaces the recording with a live run, once Python is let through.
    await page.click('[data-testid=run-button]');
    await python.release();
    assert.equal(await waitForStatus(page, ['completed']), 'completed');
    v = await view(page);
    assert.equal(v.badge, null, 'a live run is not marked as a recording');
    assert.match(v.output, /freeing a\nfreeing b\ngc\.collect\(\) found 2 objects/);

    // Editing the program takes a recording away: it is no longer of this program.
    await page.click('[data-testid=examples-button]');
    await page.click('[data-testid=examples-menu] [data-example=aliases]');
    await page.waitForSelector('[data-testid=replay-badge][data-from=example]');
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# mine\n');
    await page.waitForSelector('[data-testid=replay-badge]', { state: 'detached' });
    assert.equal((await view(page)).lanes, 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("Run on the default example prints the ids its recording shows (both start from the build's snapshot)", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=replay-badge][data-from=example]');
    const recorded = (await view(page)).output.trim().split('\n');
    assert.ok(recorded.length > 5 && /^\d+$/.test(recorded[0]), recorded.slice(0, 2).join(' '));
    await waitForStatus(page, ['ready']);
    await page.click('[data-testid=run-button]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=replay-badge]') && Number(document.querySelector('[data-testid=output]')?.getAttribute('data-lines')) >= 5);
    await page.click('[data-testid=stop-button]');
    await waitForStatus(page, ENDED);
    const live = (await view(page)).output.trim().split('\n');
    assert.deepEqual(live.slice(0, 5), recorded.slice(0, 5));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a share link with its own program runs live and fetches no recording', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const recordings = [];
    page.on('request', (r) => /\/recordings\//.test(r.url()) && recordings.push(r.url()));
    await page.goto(server.url + hashFor('x = object()\nprint(id(x))\n', true));
    assert.equal(await waitForStatus(page, ENDED), 'completed');
    const v = await view(page);
    assert.equal(v.badge, null);
    assert.ok(v.lanes >= 1);
    assert.deepEqual(recordings, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
