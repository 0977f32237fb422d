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

/** The latest click → started interval of a run. */
function rerunLatency(page) {
  return page.evaluate(() => {
    const click = performance.getEntriesByName('refscope:run-click').at(-1);
    const started = performance.getEntriesByName('refscope:run-started').at(-1);
    return click && started && started.startTime >= click.startTime ? started.startTime - click.startTime : null;
  });
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
    editor_usable_ms: round(median(editor)),
    rerun_latency_warm_ms: round(median(warmRerun)),
    rerun_latency_immediate_ms: round(median(immediateRerun)),
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
  console.log(`  rerun latency (Run → program starts), spare warm     ${figures.rerun_latency_warm_ms} ms`);
  console.log(`  rerun latency, Run pressed again right after a run   ${figures.rerun_latency_immediate_ms} ms`);
  console.log(JSON.stringify(figures));
}
