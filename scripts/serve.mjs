#!/usr/bin/env node
// A tiny static server for the built app (`npm start`, the e2e tests and the startup
// measurements). It sends the cross-origin isolation headers Stop relies on, the
// Content-Security-Policy (scripts/csp.mjs; as a header it also covers the Python
// worker) and the MIME types Pyodide needs (application/wasm for streaming compilation).
// Where the build wrote a precompressed sibling (`file.br`, `file.gz`; scripts/precompress.ts)
// and the request's Accept-Encoding allows it, it sends that with Content-Encoding, keeping
// the original's Content-Type (so `.wasm` still compiles while it streams).
//
//   node scripts/serve.mjs [dir=dist] [port=4173]      port 0 picks a free port
//
// As a module: `const { url, close } = await serve({ dir, port, host })`.
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './csp.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.refscope': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** Precompressed siblings, best first: [file suffix, Content-Encoding token]. */
const ENCODINGS = [
  ['.br', 'br'],
  ['.gz', 'gzip'],
];

/**
 * The encodings an Accept-Encoding header allows, as a set of tokens (`identity` is
 * always allowed here: the original file is the fallback). A token with `q=0` is refused;
 * `*` allows every token the header does not name.
 */
export function acceptedEncodings(header) {
  const allowed = new Set();
  const refused = new Set();
  let star = false;
  for (const part of String(header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name === '*') star = ok;
    else (ok ? allowed : refused).add(name);
  }
  if (star) for (const [, token] of ENCODINGS) if (!refused.has(token)) allowed.add(token);
  return allowed;
}

/**
 * The file to send for `file` and its Content-Encoding: the best precompressed sibling
 * the client accepts, else the file itself. `vary` says whether any sibling exists (the
 * response then depends on Accept-Encoding, which caches must know).
 */
export async function negotiate(file, acceptEncoding) {
  const accepted = acceptedEncodings(acceptEncoding);
  let vary = false;
  for (const [suffix, token] of ENCODINGS) {
    const stat = await fs.stat(file + suffix).catch(() => null);
    if (!stat?.isFile()) continue;
    vary = true;
    if (accepted.has(token)) return { file: file + suffix, size: stat.size, encoding: token, vary };
  }
  return { file, size: null, encoding: null, vary };
}

/**
 * Serves `dir` over HTTP. Options: `headers: false` leaves out the isolation headers
 * (to try the not-isolated path); `csp: false` leaves out the Content-Security-Policy
 * header (a host that sends none: the page still has its <meta>, the worker nothing);
 * `files` maps extra URL paths to files outside `dir` (e.g. the bare Pyodide page used
 * for comparison); `compress: false` never sends the precompressed siblings. The
 * returned `bytesSent()` counts the response bodies sent so far (the bench's
 * first-visit bytes, which include the service worker's and the Python worker's fetches).
 */
export async function serve({ dir = 'dist', port = 0, host = '127.0.0.1', headers = true, csp = true, compress = true, files = {} } = {}) {
  const root = path.resolve(dir);
  let bytesSent = 0;
  await fs.access(path.join(root, 'index.html')).catch(() => {
    throw new Error(`${root}/index.html not found: run \`npm run build\` first`);
  });
  const server = http.createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      let file = files[pathname] ?? path.join(root, path.normalize(decodeURIComponent(pathname)));
      if (!files[pathname] && !file.startsWith(root)) return send(res, 403, 'Forbidden');
      let stat = await fs.stat(file).catch(() => null);
      if (stat?.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = await fs.stat(file).catch(() => null);
      }
      if (!stat) return send(res, 404, 'Not found');
      const sent = await negotiate(file, compress ? req.headers['accept-encoding'] : undefined);
      // A validator, so that revalidating (`no-cache`; the service worker's precache on a
      // first visit) costs a 304 instead of the whole file again. Per encoding: the bytes differ.
      const etag = `"${stat.size.toString(36)}-${Math.round(stat.mtimeMs).toString(36)}${sent.encoding ? `-${sent.encoding}` : ''}"`;
      if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
        res.writeHead(304, { ETag: etag, ...(sent.vary ? { Vary: 'Accept-Encoding' } : {}), 'Cache-Control': 'no-cache' });
        return res.end();
      }
      res.writeHead(200, {
        ...(headers ? HEADERS : {}),
        // The extra files are test pages with inline scripts (bare.html), not the app.
        ...(csp && !files[pathname] ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': sent.size ?? stat.size,
        ...(sent.encoding ? { 'Content-Encoding': sent.encoding } : {}),
        ...(sent.vary ? { Vary: 'Accept-Encoding' } : {}),
        'Cache-Control': 'no-cache',
        ETag: etag,
      });
      if (req.method === 'HEAD') return res.end();
      bytesSent += sent.size ?? stat.size;
      createReadStream(sent.file).pipe(res);
    } catch {
      send(res, 400, 'Bad request');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}/`;
  return {
    url,
    bytesSent: () => bytesSent,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir = 'dist', portArg = process.env.PORT ?? '4173'] = process.argv.slice(2);
  const start = (port) => serve({ dir, port });
  const { url } = await start(Number(portArg))
    .catch((error) => {
      if (error.code !== 'EADDRINUSE') throw error;
      console.log(`Port ${portArg} is busy; using a free one.`);
      return start(0);
    })
    .catch((error) => {
      console.error(error.message);
      process.exit(1);
    });
  console.log(`Refscope is being served from ${path.relative(process.cwd(), dir) || '.'} at ${url}`);
  console.log('Press Ctrl+C to stop.');
}
