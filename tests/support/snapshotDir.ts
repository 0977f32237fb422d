/**
 * Vitest global setup: one scratch folder for the whole run, where the first test file
 * that needs the seed-0 memory snapshot writes it and every later file reads it
 * (tests/support/engines.ts). Making a snapshot is a full Pyodide load plus a dump, several
 * seconds; restoring one is a fraction of that, so each file no longer makes its own.
 * The folder lives only for this run: a snapshot is never carried over to code that changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    refscopeSnapshotDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'refscope-vitest-'));
  project.provide('refscopeSnapshotDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
