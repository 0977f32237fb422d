#!/usr/bin/env node
// Timeline drawing benchmark in headless Chromium: first draw of 100,000 lifetimes (layout
// included) and zoom frames over 1,000,000 events. Prints `name value` lines.
//
//   node scripts/bench-timeline.mjs [--json]
//
// As a module: `const results = await benchTimeline()` (for scripts/bench.ts).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer } from 'vite';
import { launch } from '../tests/e2e/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function benchTimeline() {
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const base = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
    await page.goto(`${base}scripts/bench-timeline.html`);
    const handle = await page.waitForFunction(() => globalThis.__benchTimeline ?? globalThis.__benchTimelineError, null, {
      timeout: 300_000,
      polling: 200,
    });
    const result = await handle.jsonValue();
    if (typeof result === 'string') throw new Error(result);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchTimeline();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else for (const [k, v] of Object.entries(r)) console.log(`${k} ${typeof v === 'number' ? Number(v.toFixed(2)) : v}`);
}
