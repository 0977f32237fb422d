/**
 * Pyodide's WebAssembly compiled once per test process, as the page does (runtime/wasmHandoff):
 * Pyodide in Node instantiates `pyodide.asm.wasm` from its bytes, compiling 9.6 MB again for
 * every engine (0.15–0.4 s of each engine's start; the fuzz test alone starts 240). The first
 * instantiation of a large module compiles it and keeps the module; later ones with bytes of
 * the same length reuse it. Small modules (the recorder's tracer) pass through untouched.
 */
const LARGE = 1 << 20;

export function compileLargeWasmOnce(): void {
  const original = WebAssembly.instantiate.bind(WebAssembly);
  const compiled = new Map<number, Promise<WebAssembly.Module>>();
  const instantiate = (source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => {
    if (source instanceof WebAssembly.Module || source.byteLength < LARGE) return original(source as BufferSource, imports);
    let module = compiled.get(source.byteLength);
    if (!module) {
      module = WebAssembly.compile(source);
      compiled.set(source.byteLength, module);
    }
    return module.then(async (m) => ({ module: m, instance: await original(m, imports) }));
  };
  WebAssembly.instantiate = instantiate as typeof WebAssembly.instantiate;
}
