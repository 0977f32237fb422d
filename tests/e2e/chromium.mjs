// The end-to-end tests' browser and server, shared: one Chromium per test file (launched on
// first use, closed when the file's tests are done), one server per suite, and pages of a
// suite in contexts they share, as a returning reader's tabs (see `sharedContext`). Tests
// about the first visit itself use `browser.newContext()` or
// `browser.newPage(options, { fresh: true })`.
import path from 'node:path';
import { after, before } from 'node:test';
import { ensureBuilt, launch, repoRoot, serveApp } from './browser.mjs';

let shared = null;
after(async () => {
  const browser = await shared;
  shared = null;
  await browser?.close();
});

/** The file's Chromium, launched on first use. */
export function sharedBrowser() {
  shared ??= launch();
  return shared;
}

const BLANK = '/__e2e/blank.html';

/**
 * Contexts that a suite's pages share (`contexts`, per server), one per set of context options
 * (the viewport aside, which each page sets): pages of one context share the HTTP cache and
 * the compiled WebAssembly as a returning reader's tabs do. Each page starts with empty local
 * storage (no remembered language), and service workers are blocked there, so that a page's
 * routes see every request it makes (a worker registered by an earlier page would answer them
 * from its cache).
 */
function sharedContext(contexts, browser, options) {
  const key = JSON.stringify(options);
  let context = contexts.get(key);
  if (!context) {
    context = browser.newContext({ ...options, serviceWorkers: 'block' });
    contexts.set(key, context);
  }
  return context;
}

/** A page in the suite's shared context for `options` (see above); with `fresh`, in a context of its own. */
async function newPage(contexts, browser, server, fresh, options = {}) {
  if (fresh) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    // As with Browser.newPage(): closing the page closes its context.
    page.once('close', () => void context.close().catch(() => undefined));
    return page;
  }
  const { viewport, ...rest } = options;
  const context = await sharedContext(contexts, browser, rest);
  const page = await context.newPage();
  await page.setViewportSize(viewport ?? { width: 1280, height: 720 });
  await page.goto(new URL(BLANK, server.url).href);
  await page.evaluate(() => localStorage.clear());
  return page;
}

/**
 * For a suite (or a file, at top level): the file's Chromium and a server of the built app
 * (`serveApp(options)`; `options` may be a function, called when the server starts).
 * Returns `{ browser, server }`: `browser.newPage(options)` as above (`{ fresh: true }`
 * as a second argument for a first visit), `browser.newContext(options)` a plain fresh
 * context; `server.url` once the suite has started.
 */
export function inChromium(options = {}) {
  let browser = null;
  let server = null;
  const contexts = new Map();
  before(async () => {
    browser = await sharedBrowser();
    const opts = typeof options === 'function' ? options() : options;
    ensureBuilt();
    server = await serveApp({ ...opts, files: { [BLANK]: path.join(repoRoot, 'tests/e2e/blank.html'), ...opts.files } });
  });
  after(async () => {
    for (const context of contexts.values()) await (await context.catch(() => null))?.close();
    contexts.clear();
    await server?.close();
  });
  return {
    browser: {
      newPage: (pageOptions, { fresh = false } = {}) => newPage(contexts, browser, server, fresh, pageOptions),
      newContext: (contextOptions) => browser.newContext(contextOptions),
    },
    server: {
      get url() {
        return server.url;
      },
    },
  };
}
