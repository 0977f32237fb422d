/**
 * Engines for tests: restored from one memory snapshot per test file, which takes a
 * fraction of a full Pyodide load, and gives every engine the same starting heap.
 */
import { createEngine, makeSnapshot, type Engine } from '../../src/runtime/engine';
import { pyodideIndexURL } from '../../src/cli/pyodidePath';

let snapshot: Promise<Uint8Array> | null = null;

export function sharedSnapshot(): Promise<Uint8Array> {
  snapshot ??= makeSnapshot({ indexURL: pyodideIndexURL(), seed: 0 });
  return snapshot;
}

/** A fresh engine (seed 0 from the shared snapshot; other seeds load in full). */
export async function freshEngine(seed = 0): Promise<Engine> {
  return createEngine({
    indexURL: pyodideIndexURL(),
    seed,
    snapshot: seed === 0 ? await sharedSnapshot() : undefined,
  });
}
