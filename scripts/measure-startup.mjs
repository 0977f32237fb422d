#!/usr/bin/env node
// Start-up and rerun figures for the built app in headless Chromium, against a bare page
// that only loads Pyodide from the same files (tests/e2e/bare.html).
//
//   node scripts/measure-startup.mjs [--quick]
//
// Every page load uses a fresh browser context (an empty cache). Times are read from the
// page's own performance timeline (milliseconds since navigation start):
//   refscope:editor     the editor is on screen and accepts typing
//   refscope:ready      the first interpreter is ready (the bare page marks the same)
//   refscope:run-click → refscope:run-started   Run pressed → the interpreter runs the program
// and, on a fresh page (no link), the time to the default example's recorded run on screen:
// as the page paints it from its HTML (its first contentful paint, once it is known to have
// shown the first view's timeline picture: src/ui/firstView.ts), and as the app shows it
// (its badge and a timeline with lanes), in a fresh profile (cold) and on a reload once the
// page has settled (cached: the service worker has the app).
// Repeat visit: a second page in the same browser context once the service worker has cached
// the app (the interpreter snapshot that ships with the build included); its ready time
// against the bare page's first visit (startup_ready_ratio_repeat, the budget) and
// against the bare page opened a second time too (HTTP cache).
// first_visit_bytes: the response bodies the server sent for one first visit (a fresh
// profile) until the interpreter is ready, the service worker has cached the app and
// the network has been idle for a moment (the spare interpreter's load included) — with
// the precompressed files, and again from a server that never sends them.
// Also exported as `measureStartup({ quick })` for `npm run bench`.
import { pathToFileURL } from 'node:url';
import { hashFor, launch, serveApp, waitForStatus } from '../tests/e2e/browser.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (x) => Math.round(x);

function markTime(page, name, timeout = 60_000) {
  return page
    .waitForFunction((n) => performance.getEntriesByName(n).at(-1)?.startTime ?? null, name, {
      timeout,
      polling: 20,
    })
    .then((h) => h.jsonValue());
}

/** Milliseconds from navigation until the example's recording is on screen (badge and lanes). */
function recordingShown(page) {
  return page
    .waitForFunction(
      () =>
        document.querySelector('[data-testid=replay-badge][data-from=example]') &&
        Number(document.querySelector('[data-testid=timeline] .tl-plot')?.getAttribute('data-lanes')) > 0
          ? performance.now()
          : null,
      null,
      { timeout: 60_000, polling: 20 },
    )
    .then((h) => h.jsonValue());
}

/**
 * Milliseconds from navigation to the first paint with content, which shows the first view's
 * timeline picture (index.html holds it); throws if the page turns out not to show it.
 * Call it right after a navigation that waited only for the commit: it waits with a plain
 * evaluation (a paint observer) and not with `waitForFunction`, whose helper script (330 KB,
 * ~120 ms of the page's main thread here) would otherwise run before that paint and delay it.
 */
async function firstViewPainted(page) {
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const observer = new PerformanceObserver((list) => {
          if (list.getEntriesByName('first-contentful-paint').length === 0) return;
          observer.disconnect();
          resolve();
        });
        observer.observe({ type: 'paint', buffered: true });
      }),
  );
  const ms = await page.evaluate(() => {
    const picture = [...document.querySelectorAll('#early .fv-picture svg')].some((el) => el.getClientRects().length > 0);
    const badge = document.querySelector('[data-testid=replay-badge][data-from=example]');
    // Either the first view is on screen now, or the app has already replaced it with the recording.
    return picture || badge ? performance.getEntriesByName('first-contentful-paint')[0].startTime : null;
  });
  if (ms === null) throw new Error('the first paint did not show the first view');
  return ms;
}

/** The latest click → started interval of a run. */
function rerunLatency(page) {
  return page.evaluate(() => {
    const click = performance.getEntriesByName('refscope:run-click').at(-1);
    const started = performance.getEntriesByName('refscope:run-started').at(-1);
    return click && started && started.startTime >= click.startTime ? started.startTime - click.startTime : null;
  });
}

/** Bytes `server` sends for a first visit to the app in a fresh browser context. */
async function firstVisitBytes(browser, server) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const before = server.bytesSent();
  await page.goto(server.url);
  await markTime(page, 'refscope:ready');
  await page.evaluate(() => navigator.serviceWorker?.ready);
  // Until nothing more arrives for 1.5 s (the spare interpreter's load, late precaching).
  let last = -1;
  while (server.bytesSent() !== last) {
    last = server.bytesSent();
    await page.waitForTimeout(1500);
  }
  await context.close();
  return server.bytesSent() - before;
}

/** Opens `url` in a context that has visited it before; returns its ready time and how Python started. */
async function repeatVisit(browser, url, { app }) {
  const context = await browser.newContext();
  try {
    const first = await context.newPage();
    await first.goto(url);
    await markTime(first, 'refscope:ready');
    if (app) {
      await first.evaluate(() => navigator.serviceWorker?.ready);
      // Let the spare interpreters and late precaching finish, as a reader's first visit would.
      await first.waitForTimeout(1500);
    }
    await first.close();
    const page = await context.newPage();
    await page.goto(url);
    const ready = await markTime(page, 'refscope:ready');
    const boot = app ? await page.getAttribute('[data-testid=run-status]', 'data-python-boot') : null;
    return { ready, boot };
  } finally {
    await context.close();
  }
}

async function runAndWait(page) {
  await page.click('[data-testid=run-button]');
  await waitForStatus(page, ['running', 'completed', 'error']);
  return waitForStatus(page, ['completed', 'error', 'stopped', 'step-limit', 'time-limit']);
}

export async function measureStartup({ quick = false } = {}) {
  const rounds = quick ? 2 : 5;
  const browser = await launch();
  const server = await serveApp();
  const app = [];
  const bare = [];
  const editor = [];
  const warmRerun = [];
  const immediateRerun = [];
  const recordingCold = [];
  const paintedCold = [];
  const paintedCached = [];
  const recordingCached = [];
  const freshReady = [];
  const firstVisit = [];
  const firstVisitPlain = [];
  const appRepeat = [];
  const bareRepeat = [];
  const repeatBoots = new Set();
  try {
    for (let i = 0; i < rounds; i++) {
      // Alternate which page goes first so neither always meets a warmer machine.
      const order = i % 2 ? ['bare', 'app'] : ['app', 'bare'];
      for (const which of order) {
        const context = await browser.newContext();
        const page = await context.newPage();
        if (which === 'bare') {
          await page.goto(server.url + 'bare.html');
          bare.push(await markTime(page, 'refscope:ready'));
        } else {
          await page.goto(server.url + hashFor('x = object()\nprint(id(x))\n'));
          editor.push(await markTime(page, 'refscope:editor'));
          app.push(await markTime(page, 'refscope:ready'));
          await waitForStatus(page, ['ready']);
          await runAndWait(page);
          // Rerun at once: the spare interpreter may still be warming.
          await runAndWait(page);
          immediateRerun.push(await rerunLatency(page));
          // Rerun once the spare has had time to load.
          await page.waitForTimeout(quick ? 3000 : 4000);
          await runAndWait(page);
          warmRerun.push(await rerunLatency(page));
        }
        await context.close();
      }
      // A first visit: the recorded run, before Python; then the same page reloaded once it
      // has settled (the service worker has cached the app, the spare interpreters have
      // loaded): a reader coming back. A reload while the spares still load paints later
      // (575–700 ms against 443–530 ms here): the old page's workers are torn down meanwhile.
      {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(server.url, { waitUntil: 'commit' });
        paintedCold.push(await firstViewPainted(page));
        recordingCold.push(await recordingShown(page));
        freshReady.push(await markTime(page, 'refscope:ready'));
        await page.evaluate(() => navigator.serviceWorker?.ready);
        await page.waitForTimeout(1500);
        await page.reload({ waitUntil: 'commit' });
        paintedCached.push(await firstViewPainted(page));
        recordingCached.push(await recordingShown(page));
        await context.close();
      }
      // A repeat visit, the app and the bare page in alternating order.
      for (const which of i % 2 ? ['bare', 'app'] : ['app', 'bare']) {
        if (which === 'bare') bareRepeat.push((await repeatVisit(browser, server.url + 'bare.html', { app: false })).ready);
        else {
          const { ready, boot } = await repeatVisit(browser, server.url + hashFor('x = object()\nprint(id(x))\n'), { app: true });
          appRepeat.push(ready);
          repeatBoots.add(boot);
        }
      }
    }
    firstVisit.push(await firstVisitBytes(browser, server));
    const plain = await serveApp({ compress: false });
    try {
      firstVisitPlain.push(await firstVisitBytes(browser, plain));
    } finally {
      await plain.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const appReady = median(app);
  const bareReady = median(bare);
  return {
    app_ready_ms: round(appReady),
    bare_ready_ms: round(bareReady),
    startup_ready_ratio: Math.round((appReady / bareReady) * 100) / 100,
    app_ready_repeat_ms: round(median(appRepeat)),
    bare_ready_repeat_ms: round(median(bareRepeat)),
    startup_ready_ratio_repeat: Math.round((median(appRepeat) / bareReady) * 100) / 100,
    startup_ready_ratio_repeat_vs_bare_repeat: Math.round((median(appRepeat) / median(bareRepeat)) * 100) / 100,
    /** How the repeat visits' first interpreters started (`shipped` or `restored`: from the build's snapshot). */
    repeat_boot: [...repeatBoots].join(','),
    editor_usable_ms: round(median(editor)),
    rerun_latency_warm_ms: round(median(warmRerun)),
    rerun_latency_immediate_ms: round(median(immediateRerun)),
    first_view_painted_cold_ms: round(median(paintedCold)),
    first_view_painted_cached_ms: round(median(paintedCached)),
    first_view_recording_cold_ms: round(median(recordingCold)),
    first_view_recording_cached_ms: round(median(recordingCached)),
    first_view_python_ready_ms: round(median(freshReady)),
    first_visit_bytes: firstVisit[0],
    first_visit_bytes_uncompressed: firstVisitPlain[0],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const figures = await measureStartup({ quick });
  console.log(`Start-up in headless Chromium, median of ${quick ? 2 : 5} cold loads each:`);
  console.log(`  navigation → editor usable          ${figures.editor_usable_ms} ms`);
  console.log(`  navigation → interpreter ready, app ${figures.app_ready_ms} ms`);
  console.log(`  navigation → interpreter ready, bare Pyodide page ${figures.bare_ready_ms} ms`);
  console.log(`  app / bare                          ${figures.startup_ready_ratio}x`);
  console.log(`  repeat visit: interpreter ready, app ${figures.app_ready_repeat_ms} ms (${figures.repeat_boot}), bare ${figures.bare_ready_repeat_ms} ms`);
  console.log(`  repeat visit app / first visit bare ${figures.startup_ready_ratio_repeat}x (/ bare repeat ${figures.startup_ready_ratio_repeat_vs_bare_repeat}x)`);
  console.log(`  rerun latency (Run → program starts), spare warm     ${figures.rerun_latency_warm_ms} ms`);
  console.log(`  rerun latency, Run pressed again right after a run   ${figures.rerun_latency_immediate_ms} ms`);
  console.log(`  navigation → recorded run painted from the page, cold     ${figures.first_view_painted_cold_ms} ms`);
  console.log(`  navigation → recorded run painted from the page, cached   ${figures.first_view_painted_cached_ms} ms`);
  console.log(`  navigation → recorded run on screen in the app, cold   ${figures.first_view_recording_cold_ms} ms`);
  console.log(`  navigation → recorded run on screen in the app, cached ${figures.first_view_recording_cached_ms} ms`);
  console.log(`  navigation → interpreter ready, page showing the recording ${figures.first_view_python_ready_ms} ms`);
  const mb = (n) => (n / 1e6).toFixed(2);
  console.log(`  first visit: bytes sent ${mb(figures.first_visit_bytes)} MB (${mb(figures.first_visit_bytes_uncompressed)} MB without precompressed files)`);
  console.log(JSON.stringify(figures));
}
