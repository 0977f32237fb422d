/**
 * Run a program in a fresh, UNinstrumented Pyodide interpreter, set up exactly as the
 * engine sets up its own (same seed, same file name, same globals, same stdout path),
 * so that the fidelity tests compare like with like.
 */
import { loadPyodide } from 'pyodide';
import { pyodideIndexURL } from '../../src/cli/pyodidePath';
import { matchRuntime, pyodideOptions, type PyApi } from '../../src/runtime/boot';
import { MAIN_GLOBALS_PY } from '../../src/runtime/setup.py';
import type { WasmModule } from '../../src/runtime/wasm';

export async function plainRun(source: string, seed = 0, snapshot?: Uint8Array): Promise<string> {
  const py = await loadPyodide({
    ...pyodideOptions({ indexURL: pyodideIndexURL(), seed }),
    ...(snapshot ? { _loadSnapshot: snapshot } : {}),
  });
  // As every interpreter restored from a snapshot (the engine's boot does the same).
  if (snapshot) matchRuntime(py as unknown as PyApi, (py as unknown as PyApi)._module as WasmModule);
  let out = '';
  const decoder = new TextDecoder();
  py.setStdout({ write: (b: Uint8Array) => ((out += decoder.decode(b, { stream: true })), b.length) });
  py.setStderr({ write: (b: Uint8Array) => b.length });
  py.globals.set('_src', source);
  py.runPython(`${MAIN_GLOBALS_PY}
import gc
_code = compile(_src, 'main.py', 'exec', dont_inherit=True)
_g = main_globals()
with open('main.py', 'w', encoding='utf-8') as f:
    f.write(_src)
gc.collect()
try:
    exec(_code, _g)
except BaseException:
    pass
# As python main.py exits (and Refscope's runExit): atexit's callbacks, then the module
# leaves sys.modules and the cyclic GC frees its globals.
import atexit, sys
atexit._run_exitfuncs()
del _g, sys.modules['__main__']
gc.collect()
`);
  return out;
}

/** Numbers that look like addresses (ids), in order of appearance. */
export function printedIds(text: string): number[] {
  return [...text.matchAll(/\b\d{6,10}\b/g)].map((m) => Number(m[0]));
}

/**
 * The output with every id replaced by the order of its first appearance (`<id0>`,
 * `<id1>`...): two runs print the "same" ids exactly when these are equal.
 */
export function idPattern(text: string): string {
  const seen = new Map<string, number>();
  return text.replace(/\b\d{6,10}\b/g, (id) => {
    if (!seen.has(id)) seen.set(id, seen.size);
    return `<id${seen.get(id)}>`;
  });
}
