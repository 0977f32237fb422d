import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import react from '@vitejs/plugin-react';

/**
 * The longest files first (a fresh machine has no timings cached, and Vitest then starts
 * the largest files first, which are not the slow ones): the fuzz run alone takes a fifth
 * of the whole, and started last it would run on one core while the other waits.
 */
const SLOWEST = ['runtime/fuzz.test.ts', 'cli/sandbox.test.ts', 'cli/trace.test.ts', 'runtime/hardening.test.ts', 'examples/examples.test.ts', 'runtime/engine.test.ts'];
class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.findIndex((name) => f.moduleId.endsWith(name));
      return i < 0 ? SLOWEST.length : i;
    };
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

// Unit and component tests. Runtime tests load the real Pyodide in Node, so they get a
// generous timeout; end-to-end tests live in tests/e2e and run with `npm run test:e2e`.
export default defineConfig({
  plugins: [react()],
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ['tests/setup.ts'],
    // The build's seed-0 interpreter snapshot, made (once per machine) before the files start.
    globalSetup: ['tests/support/shippedSnapshot.ts'],
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. The
    // Pyodide files are single-threaded, so two at a time use both cores.
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirst },
  },
});
