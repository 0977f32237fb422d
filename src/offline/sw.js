/* Refscope's service worker, hand-written. The build (scripts/serviceWorker.ts) writes it to
 * dist/sw.js with two constants in front: VERSION (a hash of every file it lists) and
 * PRECACHE (the app's files and Pyodide's, as paths relative to this file).
 *
 * - Install: cache every file of PRECACHE, so the next visit works with the network off.
 *   Responses are stored with their headers, so a page served from the cache keeps its
 *   COOP/COEP headers, and with them cross-origin isolation (Stop's interrupt buffer).
 * - Pages (navigations): the network first, so a new deployment shows at once; the cached
 *   page when the network fails.
 * - Everything in PRECACHE: the cache first (the file names carry content hashes; Pyodide's
 *   are pinned to its version, which is part of VERSION).
 * - Anything else (a trace JSON named by a link...): straight to the network, untouched.
 */
/* global self, caches, VERSION, PRECACHE */

const CACHE = `refscope-${VERSION}`;
const SCOPE = new URL('./', self.location.href);
const PRECACHED = new Set(PRECACHE);

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `no-cache`: revalidate with the server rather than trusting the HTTP cache.
      await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: 'no-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('refscope-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

/** The path of `url` relative to this worker's folder ('' for the folder itself), or null outside it. */
function relativePath(url) {
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  return decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
}

async function fromCache(path) {
  const cache = await caches.open(CACHE);
  return cache.match(new URL(path, SCOPE).href);
}

async function page(request, path) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await fromCache(path === '' ? 'index.html' : path);
    if (cached) return cached;
    throw error;
  }
}

async function file(request, path) {
  return (await fromCache(path)) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const path = relativePath(url);
  if (path === null) return;
  if (request.mode === 'navigate') {
    if (path === '' || PRECACHED.has(path)) event.respondWith(page(request, path));
    return;
  }
  if (PRECACHED.has(path)) event.respondWith(file(request, path));
});
