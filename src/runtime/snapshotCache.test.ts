import { describe, expect, it, vi } from 'vitest';
import { openSnapshotCache, readSnapshot, snapshotKey, SNAPSHOT_CACHE, storeSnapshot, type SnapshotCaches } from './snapshotCache';

/** Cache Storage in memory: one cache per name, responses by URL. */
function memoryCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const caches: SnapshotCaches = {
    open(name) {
      let store = stores.get(name);
      if (!store) stores.set(name, (store = new Map()));
      const entries = store;
      return Promise.resolve({
        match: (key: RequestInfo | URL) => Promise.resolve(entries.get(String(key))?.clone()),
        put: (key: RequestInfo | URL, response: Response) => {
          entries.set(String(key), response);
          return Promise.resolve();
        },
        keys: () => Promise.resolve([...entries.keys()].map((url) => new Request(url))),
        delete: (key: RequestInfo | URL) => Promise.resolve(entries.delete(key instanceof Request ? key.url : String(key))),
      } as unknown as Cache);
    },
  };
  return { caches, stores };
}

const WORKER = 'https://example.org/app/assets/python.worker-CoissIaS.js';

describe('snapshot keys', () => {
  it('name the Pyodide version, the worker build and the seed', () => {
    const key = snapshotKey(WORKER, '314.0.7', 7)!;
    expect(key).toBe('https://example.org/app/assets/snapshot/314.0.7/python.worker-CoissIaS.js/seed-7');
    expect(snapshotKey(WORKER, '314.0.7', 0)).not.toBe(key);
    expect(snapshotKey(WORKER.replace('CoissIaS', 'Xb12_-9z'), '314.0.7', 7)).not.toBe(key);
    expect(snapshotKey(WORKER, '314.0.8', 7)).not.toBe(key);
  });

  it('are not given to a worker without a content hash (the development server)', () => {
    expect(snapshotKey('http://localhost:5173/src/runtime/python.worker.ts?worker_file&type=module', '314.0.7', 0)).toBeNull();
  });
});

describe('the snapshot cache', () => {
  it('returns what was stored, a copy taken at once', async () => {
    const cache = (await openSnapshotCache(memoryCaches().caches))!;
    const key = snapshotKey(WORKER, '314.0.7', 0)!;
    expect(await readSnapshot(cache, key)).toBeNull();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const put = vi.spyOn(cache, 'put');
    const stored = storeSnapshot(cache, key, bytes);
    // Handed over before storeSnapshot returns: a program running next cannot intercept it.
    expect(put).toHaveBeenCalledTimes(1);
    bytes.fill(9); // the caller transfers or reuses its bytes right after
    await stored;
    expect([...(await readSnapshot(cache, key))!]).toEqual([1, 2, 3, 4]);
  });

  it("keeps only this build's default-seed snapshot and the newest one", async () => {
    const { caches, stores } = memoryCaches();
    const cache = (await openSnapshotCache(caches))!;
    const old = snapshotKey(WORKER.replace('CoissIaS', 'OldBuild'), '314.0.7', 0)!;
    const seed0 = snapshotKey(WORKER, '314.0.7', 0)!;
    const seed7 = snapshotKey(WORKER, '314.0.7', 7)!;
    const seed8 = snapshotKey(WORKER, '314.0.7', 8)!;
    await storeSnapshot(cache, old, new Uint8Array([1]));
    await storeSnapshot(cache, seed0, new Uint8Array([2]));
    await storeSnapshot(cache, seed7, new Uint8Array([3]));
    await storeSnapshot(cache, seed8, new Uint8Array([4]));
    expect([...stores.get(SNAPSHOT_CACHE)!.keys()].sort()).toEqual([seed0, seed8].sort());
  });

  it('reads nothing when Cache Storage fails', async () => {
    const failing: SnapshotCaches = { open: () => Promise.reject(new Error('SecurityError')) };
    expect(await openSnapshotCache(failing)).toBeNull();
    const broken = (await openSnapshotCache(memoryCaches().caches))!;
    broken.match = () => Promise.reject(new Error('gone'));
    broken.put = () => Promise.reject(new Error('QuotaExceededError'));
    expect(await readSnapshot(broken, snapshotKey(WORKER, '314.0.7', 0)!)).toBeNull();
    await expect(storeSnapshot(broken, snapshotKey(WORKER, '314.0.7', 0)!, new Uint8Array([1]))).resolves.toBeUndefined();
  });
});
