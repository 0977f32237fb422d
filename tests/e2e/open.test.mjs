// End-to-end: opening a recording with Open trace… A large recording is read, and the indices
// of its first render computed, in a worker (trace/readOffThread); a small one (a gallery
// recording) in place. Either way the timeline, the narration and then the objects table show
// it, with Python blocked, and a damaged large file is reported like any unreadable file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launch, repoRoot, serveApp, watchErrors } from './browser.mjs';

/** Iterations of the synthetic seed loop: 80,002 steps, ~3 KB compact, ~2 MB inflated (over the worker's 256 KB threshold). */
const ITERATIONS = 20_000;

/** A fresh page on its first view, Python blocked; `workers` lists the workers it starts. */
async function openPage(browser, server) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.route('**/pyodide/**', (route) => route.abort());
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  const all = watchErrors(page);
  // Python is blocked: its loader's failed fetches are expected, anything else is not.
  const errors = { list: () => all.filter((e) => !/Failed to fetch|Failed to load resource: net::ERR_FAILED/.test(e)) };
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=replay-badge][data-from=example]');
  return { page, workers, errors };
}

/** What the page shows of the opened recording. */
async function shown(page) {
  await page.waitForSelector('[data-testid=replay-badge][data-from=file]', { timeout: 60_000 });
  await page.waitForFunction(() => Number(document.querySelector('.tl-plot')?.getAttribute('data-lifetimes')) > 0);
  // The objects table follows the timeline's first frame (ui/useSettledTrace).
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=objects-table] tbody tr').length > 0);
  return page.evaluate(() => ({
    badge: document.querySelector('[data-testid=replay-badge]')?.textContent ?? '',
    lastStep: Number(document.querySelector('[data-testid=step-slider]')?.getAttribute('max')),
    lanes: Number(document.querySelector('.tl-plot')?.getAttribute('data-lanes')),
    narration: document.querySelector('[data-testid=narration]')?.textContent ?? '',
    rows: document.querySelectorAll('[data-testid=objects-table] tbody tr').length,
  }));
}

const isReader = (url) => /read\.worker/.test(url);

/** What a compact recording holds inflated: its gzip member's last four bytes (ISIZE). */
const inflatedSize = (bytes) => bytes.readUInt32LE(bytes.length - 4);

describe('Opening a recording', () => {
  let browser;
  let server;
  let dir;
  let big;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'refscope-open-'));
    const file = path.join(dir, 'big.refscope');
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'tests/fixtures/syntheticRecording.ts', String(ITERATIONS), file], { cwd: repoRoot });
    big = await readFile(file);
    browser = await launch();
    server = await serveApp();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a large recording is read in a worker and shows its timeline, narration and objects', async () => {
    assert.ok(inflatedSize(big) > 256 * 1024, `the recording holds ${inflatedSize(big)} bytes`);
    const { page, workers, errors } = await openPage(browser, server);
    assert.deepEqual(workers.filter(isReader), [], 'no reading worker for the first view');
    await page.setInputFiles('[data-testid=trace-file-input]', { name: 'big.refscope', mimeType: 'application/octet-stream', buffer: big });
    const v = await shown(page);
    assert.equal(workers.filter(isReader).length, 1, `workers: ${workers.join(', ')}`);
    assert.match(v.badge, /big\.refscope/);
    assert.equal(v.lastStep, ITERATIONS * 4 + 1);
    assert.ok(v.lanes >= 2, `lanes: ${v.lanes}`);
    assert.match(v.narration, /^line \d+/);
    assert.ok(v.rows > 0);
    assert.deepEqual(errors.list(), []);
    await page.close();
  });

  test('a gallery recording is read in place; a damaged large one is reported and leaves the page as it was', async () => {
    const { page, workers, errors } = await openPage(browser, server);
    const small = await (await fetch(new URL('recordings/cycles.refscope', server.url))).arrayBuffer();
    await page.setInputFiles('[data-testid=trace-file-input]', { name: 'cycles.refscope', mimeType: 'application/octet-stream', buffer: Buffer.from(small) });
    const v = await shown(page);
    assert.match(v.badge, /cycles\.refscope/);
    assert.deepEqual(workers.filter(isReader), [], 'read in place');

    // Damaged inside (its size at the end intact): the worker reads it and says why it cannot; the notice names the file.
    const damaged = Buffer.from(big);
    for (let i = 200; i < 260; i++) damaged[i] ^= 0xff;
    assert.ok(inflatedSize(damaged) > 256 * 1024);
    await page.setInputFiles('[data-testid=trace-file-input]', { name: 'cut.refscope', mimeType: 'application/octet-stream', buffer: damaged });
    await page.waitForSelector('[data-testid=notice]');
    assert.match(await page.textContent('[data-testid=notice]'), /cut\.refscope/);
    assert.equal(workers.filter(isReader).length, 1);
    assert.match(await page.textContent('[data-testid=replay-badge]'), /cycles\.refscope/, 'the recording on screen stays');
    assert.deepEqual(errors.list(), []);
    await page.close();
  });
});
