/**
 * The per-trace indices that can travel: each module of trace/ memoizes what it derives from
 * a trace in a WeakMap of its own, and names here the ones worth computing before the trace
 * is on the page. The reading worker (./readMessages.ts) computes those, sends them along
 * with the trace, and the page adopts them into the same caches, so that the first render
 * finds them computed instead of deriving them on the page's thread. Values must survive a
 * structured clone (typed arrays, plain objects, Maps, Sets) and must not hold the trace.
 */
import type { TraceData } from './types';

interface SharedCache {
  has(t: TraceData): boolean;
  get(t: TraceData): unknown;
  set(t: TraceData, value: never): unknown;
}

const caches = new Map<string, SharedCache>();

/** Names a module's per-trace cache so that its entry can travel with the trace. */
export function shareIndex(name: string, cache: SharedCache): void {
  caches.set(name, cache);
}

/** The shared caches' entries for `t`, by name (those computed so far). */
export function sharedIndices(t: TraceData): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [name, cache] of caches) if (cache.has(t)) out.push([name, cache.get(t)]);
  return out;
}

/** Puts indices computed elsewhere for (a copy of) `t` into the caches; a name unknown here or already computed is left alone. */
export function adoptIndices(t: TraceData, entries: ReadonlyArray<[string, unknown]>): void {
  for (const [name, value] of entries) {
    const cache = caches.get(name);
    if (cache && !cache.has(t)) cache.set(t, value as never);
  }
}
