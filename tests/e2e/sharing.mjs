// Helpers for the sharing, embedding and offline end-to-end tests (share, embed, offline).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import LZString from 'lz-string';
import { distDir, ensureBuilt, repoRoot } from './browser.mjs';
import { serve } from '../../scripts/serve.mjs';

/** The recorded seed loop (24 steps), as the app saves traces. */
export const SEED_TRACE_FILE = path.join(repoRoot, 'tests/fixtures/traces/seed-loop.json');
export const seedTraceJSON = () => readFileSync(SEED_TRACE_FILE, 'utf8');
export const tracezFor = (json) => LZString.compressToEncodedURIComponent(json);

/** Waits until the run status in `frame` (a Page or a Frame) is one of `wanted`; returns it. */
export async function waitForFrameStatus(frame, wanted, timeout = 60_000) {
  const handle = await frame.waitForFunction(
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
 * A plain page server (no COOP/COEP/CSP, like a blog host) on `localhost`, so that the
 * app on 127.0.0.1 is cross-site to it. `setPage(html)` sets what `/` returns.
 */
export async function hostServer() {
  let page = '<!doctype html><title>host</title>';
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(page);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${server.address().port}/`,
    setPage: (html) => {
      page = html;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * dist/ served under a prefix (`/refscope/` by default) by scripts/serve.mjs, as on a static
 * host in a subfolder: a temporary root whose `refscope` entry links to dist/.
 */
export async function servePrefixed(prefix = 'refscope', options = {}) {
  ensureBuilt();
  const root = await mkdtemp(path.join(os.tmpdir(), 'refscope-base-'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>another site</title>');
  await symlink(distDir, path.join(root, prefix), 'dir');
  const server = await serve({ dir: root, port: 0, ...options });
  return {
    url: `${server.url}${prefix}/`,
    close: async () => {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Every request the page (and its workers) makes, and whether any touched Pyodide. */
export function recordRequests(page) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return {
    urls,
    pyodide: () => urls.filter((u) => /\/pyodide\/|python\.worker/.test(u)),
  };
}
