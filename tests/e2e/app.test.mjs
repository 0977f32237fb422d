// End-to-end: the built app in headless Chromium, real CPython (Pyodide) in the worker.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { hashFor, repoRoot, SEED, status, stopAndTime, waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';

const resultsDir = path.join(repoRoot, 'test-results');

async function stopDuringInfiniteLoop(t, page, server, isolated, program = 'while True:\n    pass\n') {
  // A budget large enough that the loop is still running when Stop is pressed.
  await page.goto(server.url + hashFor(program, true, { steps: 10_000_000, seconds: 60 }));
  assert.equal(await page.evaluate(() => crossOriginIsolated), isolated);
  await waitForStatus(page, ['running']);
  await page.waitForTimeout(500); // let the interpreter get going
  assert.equal(await status(page), 'running');
  const { status: ended, ms } = await stopAndTime(page);
  assert.equal(ended, 'stopped');
  // How fast is a figure (diagnostic below), not an assertion: the machines are shared and noisy.
  t.diagnostic(`Stop → stopped in ${ms.toFixed(0)} ms`);

  // A second run works, in a fresh interpreter.
  await page.evaluate((hash) => (location.hash = hash), hashFor('print("second run")\n', true));
  assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
  assert.equal((await page.textContent('[data-testid=output]')).trim(), 'second run');
}

describe('Refscope in Chromium', () => {
  const { browser, server } = inChromium();

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
    // The README's screenshot is the first view (tests/e2e/recording.test.mjs, UPDATE_SCREENSHOT=1).
    await page.screenshot({ path: path.join(resultsDir, 'screenshot.png') });
    await page.close();
  });

  test('the same program prints the same ids on every run', async () => {
    const page = await browser.newPage();
    const program = 'xs = [object() for _ in range(3)]\nprint([id(x) for x in xs])\n';
    await page.goto(server.url + hashFor(program, true));
    assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
    const first = await page.textContent('[data-testid=output]');
    await page.click('[data-testid=run-button]');
    // With a warm spare the run may be over before a poll sees 'running': wait for its start mark.
    await page.waitForFunction(() => performance.getEntriesByName('refscope:run-started').length >= 2);
    assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
    assert.equal(await page.textContent('[data-testid=output]'), first);
    await page.close();
  });

  test('reruns pressed right after a run print the same ids; seed= still sets the hash seed', async () => {
    // Every interpreter starts from one memory snapshot made by the first (runtime/client.ts);
    // the snapshot fixes the hash seed, so it must be made with the link's seed.
    const program = 'x = object()\nprint(id(x), hash("refscope"))\n';
    const outputs = {};
    for (const seed of [0, 7]) {
      const page = await browser.newPage();
      await page.goto(server.url + hashFor(program, true) + `&seed=${seed}`);
      assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
      const runs = [await page.textContent('[data-testid=output]')];
      for (let i = 0; i < 2; i++) {
        await page.click('[data-testid=run-button]');
        // The run may be over before a poll sees 'running': wait for its start mark instead.
        await page.waitForFunction((n) => performance.getEntriesByName('refscope:run-started').length >= n, i + 2);
        assert.equal(await waitForStatus(page, ['completed', 'error', 'stopped']), 'completed');
        runs.push(await page.textContent('[data-testid=output]'));
      }
      assert.deepEqual(runs, [runs[0], runs[0], runs[0]]);
      outputs[seed] = runs[0].trim().split(' ');
      await page.close();
    }
    assert.notEqual(outputs[0][1], outputs[7][1], 'the hash of a string differs between seeds');
  });

  test('Stop ends `while True: pass` through the interrupt buffer, and a second run works', async (t) => {
    const page = await browser.newPage();
    await stopDuringInfiniteLoop(t, page, server, true);
    await page.close();
  });

  test('Stop ends a loop the interpreter cannot interrupt (no line events)', async (t) => {
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
    // A first visit: Python takes long enough to load (download, compile, restore) to be seen loading.
    const page = await browser.newPage({}, { fresh: true });
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
  const { browser, server } = inChromium({ headers: false });

  test('Stop terminates the worker, and a second run works', async (t) => {
    const page = await browser.newPage();
    await stopDuringInfiniteLoop(t, page, server, false);
    await page.close();
  });
});
