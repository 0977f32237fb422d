// The Content-Security-Policy of the built app, in one place: index.html carries it as a
// <meta> (vite.config.ts adds it at build), and scripts/serve.mjs and `vite preview` send
// it as a header too, which is what gives the Python worker a policy of its own (a
// worker's policy comes from its script's response; the page's <meta> does not reach it).
//
//   script-src 'wasm-unsafe-eval'   Pyodide compiles WebAssembly; no JavaScript eval
//   style-src 'unsafe-inline'       CodeMirror (style-mod) writes its theme into <style> elements
//   connect-src 'self'              the worker fetches Pyodide's files from the app's origin
//   img-src data: blob:             the empty favicon; canvases exported as images
//
// frame-ancestors is left out on purpose: the app may be embedded anywhere.

/** Directive → sources. */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');
