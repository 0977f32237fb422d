/**
 * Interpreters from a module the page compiled. Compiling pyodide.asm.wasm (9.6 MB) is
 * most of an interpreter's start: the page starts it at once, before a worker exists,
 * and sends every worker the same compiled module, so the first interpreter is ready
 * sooner and the spare ones that follow compile nothing.
 *
 * Pyodide has no option for a compiled module; it fetches `pyodide.asm.wasm` with the
 * global `fetch` and compiles it with `WebAssembly.instantiateStreaming`. While it loads,
 * `loadWithCompiledWasm` wraps both: the fetch of that one file waits for the page's module
 * and is skipped when there is one, and the instantiation uses it. Without a module (the
 * page could not compile) both fall through to what Pyodide does on its own.
 */

/**
 * Compiles Pyodide's WebAssembly on the page; null when it cannot (the worker then does).
 * The download starts at once; the compile, once `after` settles (the response waits).
 */
export function compileWasm(indexURL: string, after?: Promise<unknown>): Promise<WebAssembly.Module | null> {
  if (typeof WebAssembly?.compileStreaming !== 'function' || typeof fetch !== 'function') return Promise.resolve(null);
  const response = fetch(new URL('pyodide.asm.wasm', indexURL));
  // Handled now: a failed download must not surface as an unhandled rejection while it waits.
  response.catch(() => undefined);
  const ready = after ? after.then(() => response, () => response) : response;
  return WebAssembly.compileStreaming(ready).catch(() => null);
}

const WASM_FILE = /\/pyodide\.asm\.wasm$/;

function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** Lets Pyodide, while it loads in this worker, use `module` (once it arrives). Returns the undo. */
export function loadWithCompiledWasm(module: Promise<WebAssembly.Module | null>): () => void {
  const scope = globalThis;
  const fetchOriginal = scope.fetch;
  const streamingOriginal = WebAssembly.instantiateStreaming;
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    if (!WASM_FILE.test(urlOf(input))) return fetchOriginal(input, init);
    return module.then((m) => (m ? new Response(null, { headers: { 'Content-Type': 'application/wasm' } }) : fetchOriginal(input, init)));
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const m = await module;
    if (!m) return streamingOriginal.call(WebAssembly, source, imports);
    const instance = await WebAssembly.instantiate(m, imports);
    return { module: m, instance };
  };
  return () => {
    scope.fetch = fetchOriginal;
    WebAssembly.instantiateStreaming = streamingOriginal;
  };
}
