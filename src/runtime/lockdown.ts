/**
 * What a program can reach from its worker. Pyodide's `js` module is the worker's global
 * scope, and a program comes from whoever wrote the link. Once the interpreter has loaded
 * (the last time the worker needs the network), the ways out of the worker go: the
 * network, the origin's storage (Cache Storage and IndexedDB are where an offline copy of
 * the app would live, so a program must not be able to rewrite them), other contexts of
 * the origin (BroadcastChannel, service workers, new workers), notifications. The program
 * keeps computing, printing and sleeping; its output and trace still go to the page over
 * the private port, which it cannot reach.
 */

/** Globals removed from the worker, from the global object and every prototype above it. */
export const REMOVED_GLOBALS = [
  'fetch',
  'Request',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'BroadcastChannel',
  'Worker',
  'SharedWorker',
  'importScripts',
  'caches',
  'CacheStorage',
  'indexedDB',
  'IDBFactory',
  'cookieStore',
  'Notification',
  // Closing its own worker would leave the page waiting for the run's end until the watchdog.
  'close',
] as const;

/** Properties removed from the worker's `navigator`. */
export const REMOVED_NAVIGATOR = ['serviceWorker', 'storage', 'locks', 'sendBeacon'] as const;

/** Deletes `name` wherever it is defined on `target` or its prototypes; true if gone. */
function remove(target: object, name: string): boolean {
  for (let o: object | null = target; o; o = Object.getPrototypeOf(o) as object | null) {
    if (Object.getOwnPropertyDescriptor(o, name) && !Reflect.deleteProperty(o, name)) {
      // Not configurable: at least hide the value where it can be overwritten.
      try {
        Object.defineProperty(o, name, { value: undefined });
      } catch {
        return false;
      }
    }
  }
  return !(name in target) || (target as Record<string, unknown>)[name] === undefined;
}

/**
 * Removes the ways out of the worker listed above from `scope` (the worker's global).
 * Returns the names that could not be removed (none in the browsers we know).
 */
export function lockDown(scope: object): string[] {
  const failed: string[] = [];
  const navigator = (scope as { navigator?: object }).navigator;
  if (navigator) {
    for (const name of REMOVED_NAVIGATOR) if (!remove(navigator, name)) failed.push(`navigator.${name}`);
  }
  for (const name of REMOVED_GLOBALS) if (!remove(scope, name)) failed.push(name);
  return failed;
}
