// End-to-end: the built app in headless Chromium, real CPython (Pyodide) in the worker.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashFor, launch, repoRoot, SEED, serveApp, status, waitForStatus, watchErrors } from './browser.mjs';

const resultsDir = path.join(repoRoot, 'test-results');

/** Clicks Stop inside the page and times, in the page, how long until the run has ended. */
function stopAndTime(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const el = document.querySelector('[data-testid=run-status]');
        const started = performance.now();
        const observer = new MutationObserver(() => {
          const s = el.getAttribute('data-status');
          if (s !== 'running') {
            observer.disconnect();
            resolve({ status: s, ms: performance.now() - started });
          }
        });
        observer.observe(el, { attributes: true });
        document.querySelector('[data-testid=stop-button]').click();
      }),
  );
}

async function stopDuringInfiniteLoop(t, page, server, isolated, program = 'while True:\n    pass\n') {
  // A budget large enough that the loop is still running when Stop is pressed.
  await page.goto(server.url + hashFor(program, true, { steps: 10_000_000, seconds: 60 }));
  assert.equal(await page.evaluate(() => crossOriginIsolated), isolated);
  await waitForStatus(page, ['running']);
  await page.waitForTimeout(500); // let the interpreter get going
  assert.equal(await status(page), 'running');
  const { status: ended, ms } = await stopAndTime(page);
  assert.equal(ended, 'stopped');
  assert.ok(ms < 1000, `Stop took ${ms.toFixed(0)} ms (must be under 1 s)`);
  t.diagnostic(`Stop → stopped in ${ms.toFixed(0)} ms`);

  // A second run works, in a fresh interpreter.
  await page.evaluate((hash) => (location.hash = hash), hashFor('print("second run")\n', true));
  assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
  assert.equal((await page.textContent('[data-testid=output]')).trim(), 'second run');
}

describe('Refscope in Chromium', () => {
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

  test("the seed's snippet from the hash runs until its budget, printing one id", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(server.url + hashFor(SEED, true));
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    const ended = await waitForStatus(page, ['step-limit', 'time-limit', 'completed', 'stopped', 'error'], 90_000);
    assert.ok(['step-limit', 'time-limit'].includes(ended), `status ${ended}; ${errors.join('\n')}`);
    // The output panel draws only the lines on screen; data-lines counts them all.
    const count = Number(await page.getAttribute('[data-testid=output]', 'data-lines'));
    assert.ok(count > 100, `only ${count} lines of output`);
    const lines = (await page.textContent('[data-testid=output]')).trim().split('\n');
    assert.match(lines[0], /^\d+$/);
    assert.deepEqual(new Set(lines), new Set([lines[0]]), 'every iteration printed the same id');
    assert.equal(await page.$('[data-testid=error]'), null);

    await mkdir(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'screenshot.png') });
    if (process.env.UPDATE_SCREENSHOT) {
      await copyFile(path.join(resultsDir, 'screenshot.png'), path.join(repoRoot, 'docs/screenshot.png'));
    }
    await page.close();
  });

  test('the same program prints the same ids on every run', async () => {
    const page = await browser.newPage();
    const program = 'xs = [object() for _ in range(3)]\nprint([id(x) for x in xs])\n';
    await page.goto(server.url + hashFor(program, true));
    assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
    const first = await page.textContent('[data-testid=output]');
    await page.click('[data-testid=run-button]');
    await waitForStatus(page, ['running']);
    assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
    assert.equal(await page.textContent('[data-testid=output]'), first);
    await page.close();
  });

  test('Stop ends `while True: pass` within 1 s (interrupt buffer), and a second run works', async (t) => {
    const page = await browser.newPage();
    await stopDuringInfiniteLoop(t, page, server, true);
    await page.close();
  });

  test('Stop ends a loop the interpreter cannot interrupt (no line events) within 1 s', async (t) => {
    const page = await browser.newPage();
    await stopDuringInfiniteLoop(t, page, server, true, 'while True: pass\n');
    await page.close();
  });

  test('a NameError is shown with its line', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + hashFor('x = 1\ny = x + 1\nprint(a)\n', true));
    assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped', 'step-limit']), 'error');
    const message = await page.textContent('[data-testid=error]');
    assert.match(message, /^NameError: name 'a' is not defined/);
    assert.match(message, /\(line 3\)$/);
    assert.equal(await page.locator('.cm-error-line').count(), 1);
    await page.close();
  });

  test('the editor works before Python is ready, and a broken link falls back to the example', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '#code=not-a-program&run=1');
    await page.waitForSelector('[data-testid=notice]');
    assert.match(await page.textContent('.cm-content'), /print\(id\(ins\)\)/);
    assert.equal(await status(page), 'loading');
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nprint("typed")');
    assert.match(await page.textContent('.cm-content'), /print\("typed"\)/);
    assert.equal(await waitForStatus(page, ['ready']), 'ready'); // the broken link did not run
    await page.close();
  });
});

describe('Refscope without cross-origin isolation (e.g. a third-party iframe)', () => {
  let browser;
  let server;
  before(async () => {
    browser = await launch();
    server = await serveApp({ headers: false });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('Stop terminates the worker within 1 s, and a second run works', async (t) => {
    const page = await browser.newPage();
    await stopDuringInfiniteLoop(t, page, server, false);
    await page.close();
  });
});
