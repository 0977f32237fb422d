/**
 * The floor under the trace overhead: the seed loop with CPython's hooks installed but
 * every callback a WebAssembly function that does nothing (no JavaScript at all). Whatever
 * a tracer records, it cannot be faster than this.
 *
 * - `line`: sys.monitoring LINE on the program's code, nothing else. The least any tracer
 *   needs to give "one step per executed line".
 * - `hooks`: what Refscope installs — LINE and PY_START on the program's code, CPython's
 *   reference tracer, and a dict watcher on the program's globals.
 *
 * The monitoring callback is a builtin called as a vectorcall, as Refscope's are (wasm.ts
 * makeVectorcallBuiltin).
 */
import { loadPyodide } from 'pyodide';
import { pyodideOptions } from '../src/runtime/boot';
import { makeVectorcallBuiltin, type WasmModule } from '../src/runtime/wasm';

export type FloorVariant = 'plain' | 'line' | 'hooks';

/** Unsigned/signed LEB128, as WebAssembly encodes integer immediates. */
function leb128(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/**
 * A module exporting `f(i32 × params) -> i32` that returns `value`: a do-nothing C callback
 * (CPython calls it through its function table like any C function). Emscripten's
 * `addFunction` puts an exported WebAssembly function into the table as it is, with no
 * JavaScript wrapper.
 */
function constantFunction(params: number, value: number): (...args: number[]) => number {
  const type = [0x01, 0x60, params, ...Array<number>(params).fill(0x7f), 0x01, 0x7f];
  const body = [0x00, 0x41, ...leb128(value), 0x0b];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version
    ...[0x01, type.length, ...type], // type section
    ...[0x03, 0x02, 0x01, 0x00], // function section: one function of type 0
    ...[0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00], // export "f"
    ...[0x0a, body.length + 2, 0x01, body.length, ...body], // code section
  ];
  return new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes))).exports.f as (...args: number[]) => number;
}

/** Time the exec of `source` in a fresh interpreter with the hooks of `variant` installed. */
export async function floorRunMs(indexURL: string, source: string, variant: FloorVariant): Promise<number> {
  const py = (await loadPyodide(pyodideOptions({ indexURL, seed: 0 }))) as unknown as {
    _module: WasmModule;
    globals: { set(k: string, v: unknown): void };
    runPython(code: string): unknown;
    setStdout(o: { write: (b: Uint8Array) => number }): void;
  };
  py.setStdout({ write: (b) => b.length });
  const m = py._module;
  py.globals.set('_src', source);
  py.runPython(`
import builtins, gc, sys, types
_code = compile(_src, 'main.py', 'exec', dont_inherit=True)
_g = {'__name__': '__main__', '__builtins__': builtins, '__file__': 'main.py'}`);
  if (variant !== 'plain') {
    // A builtin like Refscope's own (wasm.ts), whose function returns None (immortal: no
    // reference to add).
    const none = Number(py.runPython('id(None)'));
    makeVectorcallBuiltin(m, '_floor', { vectorcall: constantFunction(4, none), cfunction: constantFunction(3, none) });
    const events = variant === 'line' ? 'M.events.LINE' : 'M.events.LINE | M.events.PY_START';
    py.runPython(`
M = sys.monitoring
M.use_tool_id(5, 'floor')
M.register_callback(5, M.events.LINE, sys._floor)
M.register_callback(5, M.events.PY_START, sys._floor)
def _all(c):
    yield c
    for k in c.co_consts:
        if isinstance(k, types.CodeType):
            yield from _all(k)
for c in _all(_code):
    M.set_local_events(5, c, ${events})`);
    if (variant === 'hooks') {
      m._PyRefTracer_SetTracer(m.addFunction(constantFunction(3, 0), 'iiii'), 0);
      const globals = Number(py.runPython('id(_g)'));
      m._PyDict_Watch(m._PyDict_AddWatcher(m.addFunction(constantFunction(4, 0), 'iiiii')), globals);
    }
  }
  py.runPython('gc.collect()');
  const t = performance.now();
  py.runPython('exec(_code, _g)');
  return performance.now() - t;
}
