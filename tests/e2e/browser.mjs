// Shared setup for the end-to-end tests and scripts/measure-startup.mjs: the built app
// served by scripts/serve.mjs, driven through Debian's Chromium with playwright-core.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import LZString from 'lz-string';
import { serve } from '../../scripts/serve.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = path.join(repoRoot, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The seed post's program. */
export const SEED = `def test():
    ins = object()
    print(id(ins))

while True:
    test()
`;

/** Builds the app when dist/ is missing (CI builds first; this helps a local run). */
export function ensureBuilt() {
  if (existsSync(path.join(distDir, 'index.html'))) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

export async function serveApp(options = {}) {
  ensureBuilt();
  return serve({
    dir: distDir,
    port: 0,
    ...options,
    files: { '/bare.html': path.join(repoRoot, 'tests/e2e/bare.html'), ...options.files },
  });
}

/**
 * Features Chromium runs with disabled: playwright-core 1.64.1's own list (it passes its own
 * `--disable-features`, and of two the last may win, so ours repeats it), then the omnibox
 * popup, which headless Chromium 156 otherwise builds as a WebUI page in a renderer of its
 * own for every new window — every browser context — with no omnibox to show it in. It took
 * a core's worth of time in each context's first second: on this 2-core machine a page with
 * one heading painted at 312 ms instead of 233 (medians of 7), and our first view at 792
 * instead of 563. A reader's browser builds it once, not for each page.
 */
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
  'WebUIOmniboxPopup',
  'WebUIOmniboxFullPopup',
  'WebUIOmniboxAimPopup',
];

/** Launches Chromium headless; `extraArgs` are added to its command line (e.g. `--js-flags=...`). */
export async function launch(extraArgs = []) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      `--disable-features=${DISABLED_FEATURES.join(',')}`,
      ...extraArgs,
    ],
  });
}

/** `#code=...` for a program, plus `&run=1` when asked and budgets (`{ steps, seconds }`). */
export function hashFor(source, run = false, { steps, seconds } = {}) {
  let hash = `#code=${LZString.compressToEncodedURIComponent(source)}${run ? '&run=1' : ''}`;
  if (steps !== undefined) hash += `&steps=${steps}`;
  if (seconds !== undefined) hash += `&seconds=${seconds}`;
  return hash;
}

/** Clicks Stop inside the page and times, in the page, how long until the run has ended. */
export function stopAndTime(page) {
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

export const status = (page) => page.getAttribute('[data-testid=run-status]', 'data-status');

/** Waits until data-status is one of `wanted`; returns it. */
export async function waitForStatus(page, wanted, timeout = 60_000) {
  const handle = await page.waitForFunction(
    (values) => {
      const s = document.querySelector('[data-testid=run-status]')?.getAttribute('data-status');
      return values.includes(s) ? s : null;
    },
    wanted,
    { timeout, polling: 50 },
  );
  return handle.jsonValue();
}

/**
 * Waits until `predicate(arg)`, evaluated in the page, resolves truthy; returns that value.
 * For predicates that return a promise: page.waitForFunction takes the promise itself as
 * truthy and returns at once.
 */
export async function waitForAsync(page, predicate, arg, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(predicate, arg);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitForAsync: not true within ${timeout} ms: ${predicate}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Collects page errors and console errors, for failure messages. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * From the last step back to the program's last line: the steps of Python's exit (told
 * "Python exits…" in English) come after it, and by the end of them the globals are gone.
 */
export async function backBeforeExit(page) {
  for (let i = 0; i < 10; i++) {
    const said = (await page.textContent('[data-testid=narration]')) ?? '';
    if (!/^(Python exits|after the last line, Python exits)/.test(said.trim())) return;
    await page.click('[data-testid=step-prev]');
  }
}
