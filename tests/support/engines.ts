/**
 * Engines for tests: restored from one memory snapshot, which takes a fraction of a full
 * Pyodide load, and gives every engine the same starting heap. Under Vitest the snapshot is
 * made once per run and shared between test files through a file (./snapshotDir.ts): the
 * first file to need it makes it while holding a lock file, the others wait and read it.
 */
import { existsSync, openSync, closeSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createEngine, makeSnapshot, type Engine } from '../../src/runtime/engine';
import { pyodideIndexURL } from '../../src/cli/pyodidePath';

let snapshot: Promise<Uint8Array> | null = null;

const make = () => makeSnapshot({ indexURL: pyodideIndexURL(), seed: 0 });

/** How long a file waits for another file's snapshot before it makes its own. */
const WAIT_MS = 120_000;

async function sharedFromDisk(dir: string): Promise<Uint8Array> {
  const file = join(dir, 'seed0.snapshot');
  const lock = join(dir, 'seed0.lock');
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  let owner = false;
  try {
    closeSync(openSync(lock, 'wx'));
    owner = true;
  } catch {
    // Another test file is making it.
  }
  if (owner) {
    const made = await make();
    // Written under another name and renamed: a reader never sees half a snapshot.
    writeFileSync(`${file}.part`, made);
    renameSync(`${file}.part`, file);
    return made;
  }
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(file)) {
    // The maker crashed or is very slow: make one here rather than fail.
    if (Date.now() > deadline) return make();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return new Uint8Array(readFileSync(file));
}

export function sharedSnapshot(): Promise<Uint8Array> {
  if (!snapshot) {
    let dir: string | undefined;
    try {
      dir = inject('refscopeSnapshotDir');
    } catch {
      dir = undefined; // not under Vitest's global setup
    }
    snapshot = dir ? sharedFromDisk(dir) : make();
  }
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
