/**
 * The longest linked list (issue 13) an interpreter frees at once, untraced (`runPython` on
 * the engines' snapshot) and traced (the engine), found by bisection. Run as a script it
 * prints `{"untraced": n, "traced": m}`; src/runtime/chainDepth.test.ts runs it in a Node
 * with one WebAssembly tier (`--liftoff-only`), where the figures repeat exactly: with V8's
 * default tier-up, when the deallocators get optimised code (larger frames here) depends
 * on timing, which moves the limit by several per cent from run to run (docs/fidelity.md).
 */
import { loadPyodide } from 'pyodide';
import { pyodideOptions } from '../../src/runtime/boot';
import { createEngine, makeSnapshot } from '../../src/runtime/engine';
import { pyodideIndexURL } from '../../src/cli/pyodidePath';
import { DEFAULT_LIMITS } from '../../src/protocol/messages';

export const chain = (n: number) =>
  `class Node:\n    def __init__(self, nxt):\n        self.nxt = nxt\n\nhead = None\nfor i in range(${n}):\n    head = Node(head)\ndel head\nprint("survived")\n`;

/** Largest n in [lo, hi) for which `survives(n)`, to within `lo / precision`. */
export async function bisect(survives: (n: number) => Promise<boolean>, lo = 500, hi = 30_000, precision = 200): Promise<number> {
  while (hi - lo > Math.max(10, lo / precision)) {
    const mid = Math.floor((lo + hi) / 2);
    if (await survives(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export async function chainLimits(precision = 200): Promise<{ untraced: number; traced: number }> {
  const indexURL = pyodideIndexURL();
  const snapshot = await makeSnapshot({ indexURL, seed: 0 });
  const quiet = console.error;
  console.error = () => undefined; // Pyodide's fatal-error banner, once per failed trial
  try {
    const untraced = await bisect(async (n) => {
      const py = await loadPyodide({ ...pyodideOptions({ indexURL, seed: 0 }), _loadSnapshot: snapshot });
      try {
        py.runPython(chain(n));
        return true;
      } catch {
        return false;
      }
    }, 500, 30_000, precision);
    const traced = await bisect(async (n) => {
      const engine = await createEngine({ indexURL, seed: 0, snapshot });
      return engine.run(chain(n), { ...DEFAULT_LIMITS, maxSteps: 1e7 }).meta.status === 'completed';
    }, 500, 30_000, precision);
    return { untraced, traced };
  } finally {
    console.error = quiet;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  console.log(JSON.stringify(await chainLimits(Number(process.argv[2] ?? 200))));
}
