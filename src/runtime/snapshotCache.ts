/**
 * The memory snapshot kept for later visits, in the origin's Cache Storage, read and written
 * by the worker that provides the page's snapshot (./python.worker), never by the page: the
 * 31 MB stay off the main thread.
 *
 * A snapshot is only valid for the build that made it: the key names the Pyodide version
 * and the worker's own file, whose name carries a content hash of everything the worker
 * runs (boot, setup script, recorder, Pyodide's JavaScript), plus the hash seed (a snapshot
 * fixes it). A new deployment therefore never restores an old snapshot; Pyodide checks its
 * build id on restore as well. The cache's name does not start with `refscope-`, the
 * prefix of the service worker's caches, which it deletes when a new version activates.
 *
 * Cache Storage is captured when this module loads: the worker's lockdown (./lockdown)
 * removes it from the global scope before a program runs, so a program cannot rewrite
 * what later visits start from.
 */
import { DEFAULT_SEED } from '../protocol/messages';

export const SNAPSHOT_CACHE = 'refscope.snapshots';

/**
 * The snapshot that ships with a build, for the default seed, in its Pyodide folder
 * (src/cli/snapshot.ts makes it). The page's first interpreter restores it; Cache Storage
 * keeps the snapshots the page makes itself (other seeds, a build without one).
 */
export const SHIPPED_SNAPSHOT = 'snapshot.bin';

/** The part of `CacheStorage` used here, so tests can provide their own. */
export interface SnapshotCaches {
  open(name: string): Promise<SnapshotCache>;
}

/** The part of one `Cache` used here. */
export type SnapshotCache = Pick<Cache, 'match' | 'put' | 'keys' | 'delete'>;

/** Where snapshots live, or null when this context has no Cache Storage (plain http, some private modes). */
export const originCaches: SnapshotCaches | null = typeof caches === 'object' && caches !== null ? caches : null;

/**
 * The cache key for a snapshot made by the worker at `workerUrl` with Pyodide `version`
 * and hash seed `seed`; null when the worker's file name carries no content hash (the
 * development server), where a stale snapshot could outlive a change to the code.
 */
export function snapshotKey(workerUrl: string, version: string, seed: number): string | null {
  const file = new URL(workerUrl).pathname.split('/').pop() ?? '';
  if (!/-[\w-]{8,}\.js$/.test(file)) return null;
  const scope = new URL('./', workerUrl);
  return new URL(`snapshot/${encodeURIComponent(version)}/${encodeURIComponent(file)}/seed-${seed}`, scope).href;
}

/** The build part of a key (everything before the seed). */
const buildOf = (key: string) => key.slice(0, key.lastIndexOf('/'));

/** The snapshots' cache, or null when Cache Storage refuses (quota, private mode). */
export async function openSnapshotCache(store: SnapshotCaches): Promise<SnapshotCache | null> {
  try {
    return await store.open(SNAPSHOT_CACHE);
  } catch {
    return null;
  }
}

/** The snapshot stored under `key`, or null (none, or reading failed). */
export async function readSnapshot(cache: SnapshotCache, key: string): Promise<Uint8Array | null> {
  try {
    const response = await cache.match(key);
    if (!response) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > 0 ? bytes : null;
  } catch {
    return null;
  }
}

/**
 * Stores `bytes` under `key` and removes what no later visit of this build can use: every
 * other build's snapshots, and other non-default seeds' (so at most two, about 63 MB, stay).
 * The bytes are copied and handed to Cache Storage before this returns, so the caller may
 * transfer them, and a program that runs in this worker afterwards (and could replace
 * `Cache.prototype.put`) cannot change what is stored.
 */
export function storeSnapshot(cache: SnapshotCache, key: string, bytes: Uint8Array): Promise<void> {
  // Response copies the bytes here, synchronously (the Fetch standard's "extract a body").
  const response = new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/octet-stream' } });
  const keep = new Set([key, `${buildOf(key)}/seed-${DEFAULT_SEED}`]);
  let stored: Promise<void>;
  try {
    stored = cache.put(key, response);
  } catch (error) {
    stored = Promise.reject(error as Error);
  }
  return stored
    .then(async () => {
      for (const request of await cache.keys()) if (!keep.has(request.url)) await cache.delete(request);
    })
    .catch(() => {
      // Quota, private mode: the next visit makes the snapshot again.
    });
}

/** Forgets the snapshot under `key` (it failed to restore). */
export async function dropSnapshot(cache: SnapshotCache, key: string): Promise<void> {
  try {
    await cache.delete(key);
  } catch {
    // Nothing to do: the next store replaces it.
  }
}
