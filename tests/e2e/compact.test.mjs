// End-to-end: the headline demo as a recording. The default seed run (the seed-loop example,
// 100,000 steps) is saved in the compact format, then replayed by the app (file picker and
// `trace=` link) and by the embed, and neither replay asks for Python.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { waitForStatus, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';
import { recordRequests } from './sharing.mjs';

const stepShown = async (page) => Number(await page.textContent('[data-testid=step-current]'));
/** The run's last step (the slider's end): the cursor itself starts on the story step. */
const lastStep = async (page) => Number(await page.getAttribute('[data-testid=step-slider]', 'max'));
const lifetimes = async (page) => Number(await page.getAttribute('.tl-plot', 'data-lifetimes'));

describe('Compact recordings of the seed run in Chromium', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'refscope-recording-'));
  const file = path.join(dir, 'seed.refscope');
  // The recording is served next to the app, as a blogger would upload it.
  const { browser, server } = inChromium({ files: { '/recordings/seed.refscope': file } });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the default seed run is saved compact, reopened and replayed in an embed without Python', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=run-button]:not([disabled])', { timeout: 120_000 });
    await page.click('[data-testid=run-button]');
    assert.equal(await waitForStatus(page, ['completed', 'step-limit', 'time-limit', 'error'], 240_000), 'step-limit');
    assert.equal(await lastStep(page), 99_999, 'a run of 100,000 steps');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=save-trace]')]);
    const bytes = await readFile(await download.path());
    assert.match(download.suggestedFilename(), /^refscope-.*\.refscope$/);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RSCT');
    assert.ok(bytes.length <= 1_000_000, `${bytes.length} bytes`);
    t.diagnostic(`default seed run recorded in ${bytes.length} bytes (JSON: 53.9 MB)`);
    await writeFile(file, bytes);
    assert.deepEqual(errors, []);
    await page.close();

    const replay = async (url, from) => {
      const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errs = watchErrors(p);
      await p.route('**/pyodide/**', (route) => route.abort());
      const requests = recordRequests(p);
      await p.goto(url);
      await p.waitForSelector(`[data-testid=replay-badge][data-from=${from}]`, { timeout: 60_000 });
      await p.waitForFunction(() => Number(document.querySelector('.tl-plot')?.getAttribute('data-lifetimes')) > 0);
      return { p, errs, requests };
    };

    // The app, by a trace= link: the whole run, cursor where the link says.
    const app = await replay(`${server.url}#trace=recordings/seed.refscope&step=7`, 'url');
    assert.equal(await stepShown(app.p), 7);
    assert.equal(await app.p.getAttribute('[data-testid=run-status]', 'data-status'), 'step-limit');
    assert.match(await app.p.textContent('.cm-content'), /print\(id\(ins\)\)/);
    await app.p.click('[data-testid=step-next]');
    assert.equal(await stepShown(app.p), 8);
    await app.p.waitForTimeout(300);
    assert.deepEqual(app.requests.pyodide(), [], 'no Pyodide or Python worker request');
    assert.deepEqual(app.errs, []);
    await app.p.close();

    // The embed, as a blog post would show it.
    const embed = await replay(`${server.url}embed.html#trace=recordings/seed.refscope&step=99999`, 'url');
    assert.equal(await stepShown(embed.p), 99_999);
    assert.ok((await lifetimes(embed.p)) > 0);
    assert.match(await embed.p.textContent('[data-testid=output]'), /^\d+/);
    await embed.p.waitForTimeout(300);
    assert.deepEqual(embed.requests.pyodide(), [], 'no Pyodide or Python worker request');
    assert.deepEqual(embed.errs, []);
    await embed.p.close();

    // And by the file picker.
    const picker = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await picker.route('**/pyodide/**', (route) => route.abort());
    await picker.goto(server.url);
    await picker.setInputFiles('[data-testid=trace-file-input]', { name: 'seed.refscope', mimeType: 'application/octet-stream', buffer: bytes });
    await picker.waitForSelector('[data-testid=replay-badge][data-from=file]', { timeout: 60_000 });
    assert.equal(await lastStep(picker), 99_999);
    assert.ok((await lifetimes(picker)) > 0);
    await picker.close();
  });
});
