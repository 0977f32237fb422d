/**
 * The tracer must not shorten the longest chain an interpreter can free at once (issue 13,
 * docs/fidelity.md): its JavaScript sits on the same stack as CPython's deallocators. Both
 * limits are measured here, in a Node that runs WebAssembly in one tier only, where they
 * repeat exactly (tests/support/chainLimit.ts). A tracer that put a JavaScript frame under
 * every deallocation would lose a large share of the chain.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(__dirname, '../..');

describe('a long chain freed at once', () => {
  it('is as long traced as untraced', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--liftoff-only', '--import', 'tsx', join(root, 'tests/support/chainLimit.ts'), '100'],
      { cwd: root },
    );
    // The last line: Pyodide's fatal-error handler also writes to stdout, once per crash.
    const last = stdout.trim().split('\n').pop() ?? '';
    const { untraced, traced } = JSON.parse(last) as { untraced: number; traced: number };
    expect(untraced).toBeGreaterThan(1000);
    // One bisection step (1 %) of slack: the limits are measured separately.
    expect(traced, `untraced ${untraced}, traced ${traced}`).toBeGreaterThanOrEqual(untraced * 0.99);
  }, 600_000);
});
