import { describe, expect, it } from 'vitest';
import { lockDown, REMOVED_GLOBALS } from './lockdown';

/** A worker-like global: constructors on itself, accessors on its prototypes (as in browsers). */
function fakeScope() {
  class WorkerNavigator {
    get serviceWorker() {
      return {};
    }
    get storage() {
      return {};
    }
    get hardwareConcurrency() {
      return 2;
    }
  }
  class WorkerGlobalScope {
    get caches() {
      return {};
    }
    get indexedDB() {
      return {};
    }
    fetch() {
      return 'response';
    }
  }
  class DedicatedWorkerGlobalScope extends WorkerGlobalScope {
    navigator = new WorkerNavigator();
    BroadcastChannel = class {};
    Worker = class {};
    setTimeout = () => 0;
    postMessage() {}
  }
  return new DedicatedWorkerGlobalScope() as DedicatedWorkerGlobalScope & Record<string, unknown>;
}

describe('lockDown', () => {
  it('removes the network, storage and other contexts from the scope and its prototypes', () => {
    const scope = fakeScope();
    expect(lockDown(scope)).toEqual([]);
    for (const name of ['fetch', 'caches', 'indexedDB', 'BroadcastChannel', 'Worker']) {
      expect(name in scope, name).toBe(false);
    }
    // Not recoverable from the prototype either.
    expect(Object.getPrototypeOf(Object.getPrototypeOf(scope)).fetch).toBeUndefined();
    expect('serviceWorker' in scope.navigator).toBe(false);
    expect('storage' in scope.navigator).toBe(false);
    // What programs and the engine still use stays.
    expect(scope.navigator.hardwareConcurrency).toBe(2);
    expect(typeof scope.setTimeout).toBe('function');
    expect(typeof scope.postMessage).toBe('function');
  });

  it('hides a value it cannot delete, and reports what it could not remove', () => {
    const scope: Record<string, unknown> = {};
    Object.defineProperty(scope, 'fetch', { value: () => 1, writable: true, configurable: false });
    Object.defineProperty(scope, 'caches', { value: {}, writable: false, configurable: false });
    expect(lockDown(scope)).toEqual(['caches']);
    expect(scope.fetch).toBeUndefined();
  });

  it('lists the ways out it removes', () => {
    expect(REMOVED_GLOBALS).toEqual(expect.arrayContaining(['fetch', 'XMLHttpRequest', 'WebSocket', 'caches', 'indexedDB']));
  });
});
