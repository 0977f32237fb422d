// End-to-end: the embed as a blogger uses it — the snippet from "Copy embed code" pasted into a
// plain page on another site (no COOP/COEP, so no cross-origin isolation inside the frame):
// it runs the seed's program, sizes the frame to its content, and Stop restarts the worker.
// And static replays: a saved trace shown with the whole timeline, with Pyodide's files
// blocked and never requested.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashFor, SEED, watchErrors } from './browser.mjs';
import { inChromium } from './chromium.mjs';
import { hostServer, recordRequests, SEED_TRACE_FILE, seedTraceJSON, tracezFor, waitForFrameStatus } from './sharing.mjs';

const ENDED = ['completed', 'step-limit', 'time-limit', 'stopped', 'error'];

/** The embed's frame once it has loaded. */
async function embedFrame(page) {
  const handle = await page.waitForSelector('iframe');
  const frame = await handle.contentFrame();
  await frame.waitForSelector('[data-testid=embed]');
  return { handle, frame };
}

describe('The embed in Chromium', () => {
  const { browser, server } = inChromium({ files: { '/traces/seed-loop.json': SEED_TRACE_FILE } });
  let host;
  before(async () => {
    host = await hostServer();
  });
  after(async () => {
    await host?.close();
  });

  test('the copied embed code, pasted into a plain page on another site, runs the seed program, resizes, and Stop works', async (t) => {
    // The blogger: the seed program in the app (a small budget), Embed, copy the snippet.
    const app = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await app.goto(server.url + hashFor(SEED, false, { steps: 300 }));
    await app.click('[data-testid=embed-button]');
    const snippet = await app.inputValue('[data-testid=embed-code]');
    await app.close();
    assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#check=/);
    assert.match(snippet, /&amp;run=1/);
    assert.match(snippet, /e\.data\.type !== 'refscope:height'/);

    host.setPage(`<!doctype html><html><head><meta charset="utf-8"><title>My blog</title></head>
<body style="max-width:760px;margin:2rem auto;font-family:serif"><h1>Why the same id?</h1><p>Press Run:</p>
${snippet}
<p>The end.</p></body></html>`);
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(host.url);
    const { handle, frame } = await embedFrame(page);
    assert.equal(await frame.evaluate(() => crossOriginIsolated), false, 'no isolation inside a plain page');
    assert.notEqual(new URL(frame.url()).origin, new URL(page.url()).origin);
    const ended = await waitForFrameStatus(frame, ENDED, 90_000);
    assert.equal(ended, 'step-limit', errors.join('\n'));
    const lines = (await frame.textContent('[data-testid=output]')).trim().split('\n');
    assert.ok(lines.length > 10);
    assert.equal(new Set(lines).size, 1, 'the same id every time');
    assert.ok(Number(await frame.getAttribute('.tl-plot', 'data-lifetimes')) > 10);

    // The frame takes its content's height (the snippet's script), not the snippet's 560.
    await page.waitForFunction(() => document.querySelector('iframe').style.height !== '');
    const framed = (await handle.boundingBox()).height;
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    assert.ok(Math.abs(framed - content) <= 3, `frame ${framed} px, content ${content} px`);
    assert.notEqual(Math.round(framed), 560);
    t.diagnostic(`frame height ${framed} px`);

    // "Open in Refscope" opens the app on the same program and step.
    const open = await frame.getAttribute('[data-testid=open-in-refscope]', 'href');
    assert.match(open, /^http:\/\/127\.0\.0\.1:\d+\/index\.html#check=[0-9a-z]+&code=[^&]+&run=1&step=\d+/);

    // Stop: no interrupt buffer here, so the worker is terminated and a fresh one started.
    await frame.evaluate((hash) => (location.hash = hash), hashFor('while True:\n    pass\n', true, { steps: 10_000_000, seconds: 60 }));
    await waitForFrameStatus(frame, ['running']);
    await page.waitForTimeout(300);
    const started = Date.now();
    await frame.click('[data-testid=stop-button]');
    assert.equal(await waitForFrameStatus(frame, ENDED, 30_000), 'stopped');
    const ms = Date.now() - started;
    t.diagnostic(`Stop in a cross-origin frame: ${ms} ms`);
    await frame.evaluate((hash) => (location.hash = hash), hashFor('print("again")\n', true));
    assert.equal(await waitForFrameStatus(frame, ['completed', 'error', 'stopped']), 'completed');
    assert.equal((await frame.textContent('[data-testid=output]')).trim(), 'again');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a static replay (trace URL) shows the timeline and steps without ever requesting Pyodide', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const errors = watchErrors(page);
    await page.route('**/pyodide/**', (route) => route.abort());
    const requests = recordRequests(page);
    const started = Date.now();
    await page.goto(`${server.url}embed.html#trace=traces/seed-loop.json&step=7`);
    await page.waitForSelector('[data-testid=replay-badge][data-from=url]');
    await page.waitForFunction(() => Number(document.querySelector('.tl-plot')?.getAttribute('data-lifetimes')) > 0);
    const ms = Date.now() - started;
    t.diagnostic(`replay embed ready in ${ms} ms (no Pyodide)`);
    assert.equal(await page.textContent('[data-testid=step-current]'), '7');
    assert.equal(await page.getAttribute('[data-testid=run-status]', 'data-status'), 'step-limit');
    assert.match(await page.textContent('.cm-content'), /print\(id\(ins\)\)/);
    assert.match(await page.textContent('[data-testid=output]'), /^\d+/);
    await page.click('[data-testid=step-next]');
    assert.equal(await page.textContent('[data-testid=step-current]'), '8');
    await page.waitForTimeout(500); // anything late would show up now
    assert.deepEqual(requests.pyodide(), [], 'no Pyodide or Python worker request');
    assert.equal(requests.urls.filter((u) => u.includes('pyodide.asm.wasm')).length, 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an inline replay (tracez) in the app shows timeline and objects table with no Python; Run then runs it live', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const block = (route) => route.abort();
    await page.route('**/pyodide/**', block);
    const requests = recordRequests(page);
    const started = Date.now();
    await page.goto(`${server.url}#tracez=${tracezFor(seedTraceJSON())}`);
    await page.waitForSelector('[data-testid=replay-badge][data-from=inline]');
    t.diagnostic(`replay app ready in ${Date.now() - started} ms (no Pyodide)`);
    // The objects table follows the timeline in a deferred render (ui/useSettledTrace).
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=objects-table] tbody tr').length >= 3).catch(() => {});
    const rows = await page.locator('[data-testid=objects-table] tbody tr').count();
    assert.ok(rows >= 3, `${rows} rows in the objects table`);
    assert.ok(Number(await page.getAttribute('.tl-plot', 'data-lifetimes')) >= 3);
    // No step in the link: the cursor starts at the first reuse of an address (object #2 at step 8).
    assert.equal(await page.textContent('[data-testid=step-current]'), '8');
    assert.deepEqual(requests.pyodide(), []);
    // Sharing a replay shares the trace, not a live run.
    await page.click('[data-testid=share-button]');
    assert.match(await page.inputValue('[data-testid=share-link]'), /#step=8&lang=en&tracez=/);

    // Run: now Python loads (the files are allowed again) and the program runs live.
    await page.unroute('**/pyodide/**', block);
    await page.click('[data-testid=run-button]');
    assert.ok(['step-limit', 'time-limit'].includes(await waitForFrameStatus(page, ENDED, 90_000)));
    assert.equal(await page.$('[data-testid=replay-badge]'), null);
    assert.ok(requests.urls.some((u) => u.includes('pyodide.asm.wasm')));
    await page.close();
  });

  test('a replay whose trace cannot be loaded says so and falls back to a live page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}embed.html#trace=traces/missing.json`);
    await page.waitForFunction(() => /could not be downloaded \(HTTP 404\)/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
    assert.match(await page.textContent('.cm-content'), /print\(id\(ins\)\)/);
    assert.ok(['ready', 'loading'].includes(await page.getAttribute('[data-testid=run-status]', 'data-status')));
    await page.goto(`${server.url}embed.html#tracez=${tracezFor('{"format": "something else"}')}`);
    await page.waitForFunction(() => /must be "refscope-trace"/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
    await page.close();
  });
});
