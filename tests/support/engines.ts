/**
 * Engines for tests: restored from the memory snapshot that ships with the build (made once
 * per machine in node_modules/.cache by src/cli/snapshot.ts; Vitest's global setup,
 * ./shippedSnapshot.ts, makes sure it exists before any test file runs), which takes a
 * fraction of a full Pyodide load and gives every engine the heap the page's interpreters
 * start from.
 */
import { createEngine, type Engine } from '../../src/runtime/engine';
import { pyodideIndexURL } from '../../src/cli/pyodidePath';
import { readShippedSnapshot } from '../../src/cli/snapshot';

let snapshot: Promise<Uint8Array> | null = null;

/** The build's seed-0 snapshot; each caller gets the same bytes (createEngine copies them into the interpreter). */
export function sharedSnapshot(): Promise<Uint8Array> {
  snapshot ??= readShippedSnapshot();
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
