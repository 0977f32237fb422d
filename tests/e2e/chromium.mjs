// The end-to-end tests' browser and server, shared: one Chromium per test file (launched on
// first use, closed when the file's tests are done), one server per suite, and pages that
// start Python the way a repeat visit does.
//
// A first visit makes the interpreter's memory snapshot (a full Pyodide load plus a dump, the
// largest part of a page's start-up) and stores it in Cache Storage; a later visit of the same
// build restores it (tests/e2e/startup.test.mjs checks both). `browser.newPage()` here opens a
// page whose Cache Storage already holds this build's snapshot,
// taken once from a real first visit and kept on disk under the worker's content-hashed file
// name (the app's own rule for when a snapshot is valid), in a context the suite's pages share
// (see `sharedContext`). Tests about the first visit itself use `browser.newContext()` or
// `browser.newPage(options, { snapshot: false })`.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { distDir, ensureBuilt, hashFor, launch, repoRoot, serveApp } from './browser.mjs';

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

const SNAPSHOTS = path.join(os.tmpdir(), 'refscope-e2e-snapshots');
const BLANK = '/__e2e/blank.html';
const SNAPSHOT_URL = '/__e2e/snapshot';

/** This build's folder for its snapshot: Pyodide's version and the worker's hashed file name. */
function buildDir() {
  const worker = readdirSync(path.join(distDir, 'assets')).filter((f) => /^python\.worker-.*\.js$/.test(f)).sort();
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/pyodide/package.json'), 'utf8'));
  return path.join(SNAPSHOTS, `${version}-${worker.join('+')}`);
}

/** `{ bytes file, key path, cache name }` of this build's default-seed snapshot, if taken. */
function stored(dir) {
  try {
    const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'));
    return existsSync(path.join(dir, 'seed-0.bin')) ? { ...meta, file: path.join(dir, 'seed-0.bin') } : null;
  } catch {
    return null;
  }
}

/**
 * Takes the snapshot a first visit stores: opens the app in a throwaway context and reads
 * the entry back through the DevTools protocol once the worker has stored it.
 */
async function harvest(browser, server, dir) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // A link that runs a program, so that Python starts whatever the first view does.
    await page.goto(server.url + hashFor('pass\n', true));
    const cdp = await context.newCDPSession(page);
    const storageKey = `${new URL(server.url).origin}/`;
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const { caches } = await cdp.send('CacheStorage.requestCacheNames', { storageKey });
      for (const cache of caches) {
        const { cacheDataEntries } = await cdp.send('CacheStorage.requestEntries', { cacheId: cache.cacheId });
        const entry = cacheDataEntries.find((e) => e.requestURL.endsWith('/seed-0'));
        if (!entry) continue;
        const { response } = await cdp.send('CacheStorage.requestCachedResponse', {
          cacheId: cache.cacheId,
          requestURL: entry.requestURL,
          requestHeaders: [],
        });
        const bytes = Buffer.from(response.body, 'base64');
        if (bytes.length === 0) continue;
        // Written aside and renamed: another test file (process) never reads half a snapshot.
        const part = `${dir}.part-${process.pid}`;
        mkdirSync(part, { recursive: true });
        writeFileSync(path.join(part, 'seed-0.bin'), bytes);
        writeFileSync(path.join(part, 'meta.json'), JSON.stringify({ key: new URL(entry.requestURL).pathname, cache: cache.cacheName }));
        rmSync(dir, { recursive: true, force: true });
        renameSync(part, dir);
        return stored(dir);
      }
      await page.waitForTimeout(250);
    }
    throw new Error('the first visit stored no snapshot within 180 s');
  } finally {
    await context.close();
  }
}

/** Removes snapshots of other builds older than a day (each is 31 MB). */
function pruneOld(keep) {
  try {
    for (const name of readdirSync(SNAPSHOTS)) {
      const full = path.join(SNAPSHOTS, name);
      if (full !== keep && Date.now() - statSync(full).mtimeMs > 86_400_000) rmSync(full, { recursive: true, force: true });
    }
  } catch {
    // Nothing to prune.
  }
}

let snapshot = null;
/** This build's snapshot, taken with `server` if no test file has taken it yet; null if it cannot be. */
function buildSnapshot(browser, server) {
  snapshot ??= (async () => {
    const dir = buildDir();
    const found = stored(dir);
    if (found) return found;
    try {
      pruneOld(dir);
      return await harvest(browser, server, dir);
    } catch (error) {
      // The tests still run, each page making its own snapshot as a first visit does.
      process.stderr.write(`chromium.mjs: no shared snapshot (${error.message}); pages start as first visits\n`);
      return null;
    }
  })();
  return snapshot;
}

/** Puts this build's snapshot into the Cache Storage of `context`, as a first visit leaves it. */
async function seed(context, server, snap) {
  const seeder = await context.newPage();
  await seeder.goto(new URL(BLANK, server.url).href);
  await seeder.evaluate(
    // The response goes into the cache as it streams (never whole in the page: a third of the time).
    async ({ cacheName, key, url }) => {
      const cache = await caches.open(cacheName);
      await cache.put(key, await fetch(url));
    },
    { cacheName: snap.cache, key: new URL(snap.key, server.url).href, url: new URL(SNAPSHOT_URL, server.url).href },
  );
  await seeder.close();
}

/**
 * Contexts that a suite's pages of a repeat visit share (`contexts`, per server: Cache Storage
 * is per origin), one per set of context options (the viewport aside, which each page sets): seeding a fresh context's Cache Storage took 2.3–2.8 s a page,
 * and pages of one context share the HTTP cache and the compiled WebAssembly as a returning
 * reader's tabs do. Each page starts with empty local storage (no remembered language), and
 * service workers are blocked there, so that a page's routes see every request it makes (a
 * worker registered by an earlier page would answer them from its cache).
 */
function sharedContext(contexts, browser, server, snap, options) {
  const key = JSON.stringify(options);
  let context = contexts.get(key);
  if (!context) {
    context = browser.newContext({ ...options, serviceWorkers: 'block' }).then(async (c) => {
      await seed(c, server, snap);
      return c;
    });
    contexts.set(key, context);
  }
  return context;
}

/** A page whose Cache Storage holds this build's snapshot (see above); without `snap`, a page in a fresh context. */
async function newPage(contexts, browser, server, snap, options = {}) {
  if (!snap) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    // As with Browser.newPage(): closing the page closes its context.
    page.once('close', () => void context.close().catch(() => undefined));
    return page;
  }
  const { viewport, ...rest } = options;
  const context = await sharedContext(contexts, browser, server, snap, rest);
  const page = await context.newPage();
  await page.setViewportSize(viewport ?? { width: 1280, height: 720 });
  await page.goto(new URL(BLANK, server.url).href);
  await page.evaluate(() => localStorage.clear());
  return page;
}

/**
 * For a suite (or a file, at top level): the file's Chromium and a server of the built app
 * (`serveApp(options)`; `options` may be a function, called when the server starts).
 * Returns `{ browser, server }`: `browser.newPage(options)` as above (`{ snapshot: false }`
 * as a second argument for a first visit), `browser.newContext(options)` a plain fresh
 * context; `server.url` once the suite has started.
 */
export function inChromium(options = {}) {
  let browser = null;
  let server = null;
  let snap = null;
  const contexts = new Map();
  before(async () => {
    browser = await sharedBrowser();
    const opts = typeof options === 'function' ? options() : options;
    ensureBuilt();
    const dir = buildDir();
    server = await serveApp({
      ...opts,
      files: {
        [BLANK]: path.join(repoRoot, 'tests/e2e/blank.html'),
        [SNAPSHOT_URL]: path.join(dir, 'seed-0.bin'),
        ...opts.files,
      },
    });
    snap = await buildSnapshot(browser, server);
  });
  after(async () => {
    for (const context of contexts.values()) await (await context.catch(() => null))?.close();
    contexts.clear();
    await server?.close();
  });
  return {
    browser: {
      newPage: (pageOptions, { snapshot: seeded = true } = {}) => newPage(contexts, browser, server, seeded ? snap : null, pageOptions),
      newContext: (contextOptions) => browser.newContext(contextOptions),
    },
    server: {
      get url() {
        return server.url;
      },
    },
  };
}
