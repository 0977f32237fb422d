// Opening a recording in the built app, in headless Chromium: Open trace… is pressed, the file
// chosen in the file chooser, and the clock runs from the file reaching the page until the
// recording is read, the trace built and the timeline drawn (its plot reports lifetimes, then
// two frames pass).
// Pyodide is blocked: a replay must not need it.
//
// Two moments to open in: as soon as the page's file input exists (`seed_open_ms`, the page
// still starting: its app chunk, the first view's recording), and once the page has settled
// on its first view (`*_settled_ms`: what a reader who picks a file after reading the page
// waits). Main-thread stalls are the `longtask` entries (tasks over 50 ms) seen from choosing
// the file until 0.5 s after the timeline is drawn (the deferred panels render in that time).
//
// As a module: `const figures = await benchOpen(bytes)` (for scripts/bench.ts).
// From the shell: `node scripts/bench-open.mjs FILE.refscope [runs] [name] [--dist DIR] [--settled]`
// (after `npx vite build`; --dist: another build's output, --settled: only the settled page).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, serveApp } from '../tests/e2e/browser.mjs';

/** How long after the timeline is drawn long tasks are still counted. */
const TAIL_MS = 500;

/**
 * Opens the recording in `page` as a reader does — Open trace…, then the file chosen in the
 * browser's file chooser — and times it in the page from the moment the file is handed to it
 * (the input's change event) to the drawn timeline. Choosing a file takes a person a second
 * or more; `CHOOSING_MS` stands for it (the page may use it: Open starts the reading worker).
 */
async function openInPage(page, bytes, name) {
  await page.evaluate((tail) => {
    const input = document.querySelector('[data-testid=trace-file-input]');
    window.__opened = new Promise((done) => {
      input.addEventListener(
        'change',
        async () => {
          const tasks = [];
          const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
          observer.observe({ type: 'longtask' });
          const t0 = performance.now();
          let shown = 0;
          await new Promise((resolve) => {
            const check = () => {
              const plot = document.querySelector('.tl-plot');
              const badge = document.querySelector('[data-testid=replay-badge][data-from=file]');
              if (badge && shown === 0) shown = performance.now() - t0;
              if (badge && Number(plot?.getAttribute('data-lifetimes')) > 0) resolve();
              else requestAnimationFrame(check);
            };
            check();
          });
          // The frame that draws the canvas, then the one after it.
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const drawn = performance.now() - t0;
          await new Promise((resolve) => setTimeout(resolve, tail));
          observer.takeRecords().forEach((e) => tasks.push(e));
          observer.disconnect();
          // Tasks that started before the file was chosen count for their part after it.
          const lengths = tasks.map((e) => e.startTime + e.duration - Math.max(t0, e.startTime)).filter((d) => d > 0);
          done({ drawn, shown, longest: Math.max(0, ...lengths), long: lengths.length });
        },
        { capture: true, once: true },
      );
    });
  }, TAIL_MS);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=open-trace]')]);
  await page.waitForTimeout(CHOOSING_MS);
  await chooser.setFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  return page.evaluate(() => window.__opened);
}

/** A person's time in the file chooser, between pressing Open trace… and choosing the file. */
const CHOOSING_MS = 1000;

/** The page up to the point where a reader could choose a file; `settled`: its first view drawn, then idle. */
async function freshPage(browser, server, settled) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.route('**/pyodide/**', (route) => route.abort());
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=trace-file-input]', { state: 'attached' });
  if (settled) {
    await page.waitForSelector('[data-testid=replay-badge][data-from=example]');
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          // Quiet: no long task for 500 ms (the deferred panels of the first view have rendered).
          let last = performance.now();
          new PerformanceObserver(() => (last = performance.now())).observe({ type: 'longtask' });
          const wait = () => (performance.now() - last > 500 ? resolve() : setTimeout(wait, 100));
          wait();
        }),
    );
  }
  return page;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Opens `recording` in `runs` fresh pages per moment and returns, by name, medians (and the
 * worst) in milliseconds. `prefix` names the recording (`seed`, `big`); `moments` chooses
 * `starting` (the file chosen while the page starts), `settled`, or both; `dist` serves another
 * build than this worktree's dist/ (an older one, to compare).
 */
export async function benchOpenFigures(recording, { runs = 3, prefix = 'seed', moments = ['starting', 'settled'], dist } = {}) {
  const server = await serveApp(dist ? { dir: dist } : {});
  const browser = await launch();
  const figures = {};
  try {
    for (const moment of moments) {
      const rows = [];
      for (let r = 0; r < runs; r++) {
        const page = await freshPage(browser, server, moment === 'settled');
        rows.push(await openInPage(page, recording, `${prefix}.refscope`));
        await page.close();
      }
      const key = moment === 'settled' ? `${prefix}_open_settled` : `${prefix}_open`;
      figures[`${key}_ms`] = median(rows.map((r) => r.drawn));
      figures[`${key}_max_ms`] = Math.max(...rows.map((r) => r.drawn));
      figures[`${key}_shown_ms`] = median(rows.map((r) => r.shown));
      figures[`${key}_longest_task_ms`] = median(rows.map((r) => r.longest));
      figures[`${key}_longest_task_max_ms`] = Math.max(...rows.map((r) => r.longest));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return figures;
}

/**
 * Milliseconds from choosing the file to the drawn timeline (median and worst of `runs` fresh
 * pages), to the first render that shows the recording (`shown`: read and built), and the
 * longest main-thread task meanwhile; both with the page still starting and settled.
 */
export function benchOpen(recording, runs = 3) {
  return benchOpenFigures(recording, { runs, prefix: 'seed' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args.splice(i, name === '--dist' ? 2 : 1)[1] ?? true;
  };
  const dist = flag('--dist');
  const settledOnly = flag('--settled');
  const [file, runs = '5', prefix = 'open'] = args;
  if (!file) {
    console.error('usage: node scripts/bench-open.mjs FILE.refscope [runs] [name]');
    process.exit(2);
  }
  const { loadavg } = await import('node:os');
  const before = loadavg()[0];
  const moments = settledOnly ? ['settled'] : ['starting', 'settled'];
  const figures = await benchOpenFigures(readFileSync(file), { runs: Number(runs), prefix, moments, dist });
  for (const [k, v] of Object.entries(figures)) console.log(k.padEnd(36), `${v.toFixed(0)} ms`.padStart(10));
  console.log(`load average ${before.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
}
