/**
 * What a traced program can reach from the command line's engine worker. Pyodide's `js`
 * module is the worker's global scope and `pyodide_js` its API; under Node both lead to the
 * host (`process`, `require`, Node's own modules, which Emscripten's `system` and NODEFS
 * call). The page's worker is a browser sandbox and only loses its ways out
 * (../runtime/lockdown); this worker is a Node thread, so once the interpreter has loaded
 * (the last time it needs the host's files) it also loses:
 * - the globals that lead to the host: `require`, and `process` (environment, exit,
 *   bindings, `getBuiltinModule`), replaced by a stand-in that holds nothing of the host;
 * - code from strings (`eval`, the Function constructors), which could `import()` any
 *   module afresh;
 * - Node's modules that touch the host (files, processes, network, other threads, the
 *   inspector), every function of them, in this thread only: the module objects that
 *   Pyodide and Emscripten captured at load are the ones disarmed. `child_process.spawnSync`,
 *   which Emscripten's `system` calls, answers as a shell that found no such command;
 * - Pyodide's ways back to the host: NODEFS and the API calls that mount host folders or
 *   load files and packages.
 * The Node permission model cannot be used instead: Pyodide's NODEFS calls
 * `process.binding` at load, which the model refuses (measured, Node 20.19).
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { lockDown } from '../runtime/lockdown';

/** Globals removed from the worker, besides the browser's ways out (../runtime/lockdown). */
export const NODE_GLOBALS = ['require', 'module', 'exports', 'global'] as const;

/**
 * What stands in for `process`: Emscripten still reads it while a program runs (os.getuid,
 * os.umask, platform.uname, os._exit), so it answers as the page's worker does (uid 0,
 * umask 0) and holds nothing of the host: no environment, arguments, streams, exit, bindings.
 */
function processStandIn(version: string) {
  return Object.freeze({
    version,
    versions: Object.freeze({ node: version.replace(/^v/, '') }),
    platform: 'emscripten',
    env: Object.freeze({}),
    argv: Object.freeze([]),
    get exitCode() {
      return undefined;
    },
    set exitCode(_code: unknown) {
      // Emscripten's exit() sets it before it throws its ExitStatus: the thread goes on.
    },
    getuid: () => 0,
    getgid: () => 0,
    umask: () => 0,
    cwd: () => '/',
  });
}

/** Node modules whose every function is disarmed in the worker. */
export const HOST_MODULES = [
  'node:fs',
  'node:fs/promises',
  'node:child_process',
  'node:net',
  'node:tls',
  'node:http',
  'node:https',
  'node:http2',
  'node:dgram',
  'node:dns',
  'node:dns/promises',
  'node:os',
  'node:worker_threads',
  'node:cluster',
  'node:inspector',
  'node:vm',
  'node:v8',
  'node:wasi',
] as const;

/** Pyodide API functions that reach host files, folders or the network. */
export const PYODIDE_API = [
  'mountNodeFS',
  'mountNativeFS',
  'loadPackage',
  'loadPackagesFromImports',
  'loadPackageFromImports',
  'loadBinaryFile',
  'loadScript',
  'install',
] as const;

export const DENIED = 'Refscope: a traced program cannot reach the host from the command line';

function denied(): never {
  throw Object.assign(new Error(DENIED), { code: 'EACCES' });
}

/** What Emscripten's `system` gets back from spawnSync: exit status 127, "command not found". */
function noShell() {
  return { pid: 0, output: [null, null, null], stdout: null, stderr: null, status: 127, signal: null };
}

function disarm(exports: Record<string, unknown>): number {
  let count = 0;
  for (const name of Object.getOwnPropertyNames(exports)) {
    const d = Object.getOwnPropertyDescriptor(exports, name);
    if (!d || (typeof d.value !== 'function' && !d.get)) continue;
    const value = name === 'spawnSync' ? noShell : denied;
    try {
      Object.defineProperty(exports, name, { value, writable: false, configurable: false, enumerable: d.enumerable ?? true });
      count++;
    } catch {
      // A non-configurable export keeps its value: listed by the caller's check.
    }
  }
  return count;
}

/**
 * Runs `load` without Node's experimental-feature warning: loading `node:wasi` to disarm it
 * printed "ExperimentalWarning: WASI is an experimental feature" on every `trace` run, about
 * a feature no one had used.
 */
function quietly<T>(load: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'ExperimentalWarning' || (warning instanceof Error && warning.name === 'ExperimentalWarning')) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emit;
  }
}

/** Makes `eval`, `Function(...)` and the async/generator variants throw. */
function tameCodeFromStrings(scope: Record<string, unknown>): void {
  const kinds = [
    Function,
    Object.getPrototypeOf(async function () {}).constructor,
    Object.getPrototypeOf(function* () {}).constructor,
    Object.getPrototypeOf(async function* () {}).constructor,
  ] as Array<{ prototype: object }>;
  for (const kind of kinds) {
    // Same prototype, so `instanceof Function` keeps working for the engine and Pyodide.
    const tamed = function () {
      throw new EvalError('Code generation from strings disallowed for this context');
    };
    Object.defineProperty(tamed, 'prototype', { value: kind.prototype });
    Object.defineProperty(kind.prototype, 'constructor', { value: tamed, writable: false, configurable: false });
  }
  scope.Function = (Function.prototype as { constructor: unknown }).constructor;
  Reflect.deleteProperty(scope, 'eval');
}

interface PyodideLike {
  FS?: { filesystems?: Record<string, unknown> };
  _api?: Record<string, unknown>;
  _module?: Record<string, unknown>;
}

/**
 * Locks the worker down: run once the interpreter has loaded, before the program runs.
 * Returns what could not be removed (empty on Node 20 and 22).
 */
export function lockDownNode(scope: typeof globalThis, pyodide: unknown): string[] {
  const kept = lockDown(scope);
  const require = createRequire(import.meta.url);
  for (const id of HOST_MODULES) {
    disarm(quietly(() => require(id) as Record<string, unknown>));
  }
  // Pyodide imported some of these as ES modules: let those bindings see the change.
  syncBuiltinESMExports();
  // Emscripten's SOCKFS opens sockets through the `ws` package under Node, loaded lazily.
  try {
    const pyodideRequire = createRequire(require.resolve('pyodide/pyodide.asm.mjs'));
    const cached = require.cache[pyodideRequire.resolve('ws')];
    pyodideRequire('ws');
    const entry = cached ?? require.cache[pyodideRequire.resolve('ws')];
    if (entry) entry.exports = denied;
  } catch {
    // Not installed: SOCKFS then fails on its own.
  }
  const py = pyodide as PyodideLike;
  const filesystems = py.FS?.filesystems;
  if (filesystems) for (const name of ['NODEFS', 'NODERAWFS', 'NATIVEFS_ASYNC']) Reflect.deleteProperty(filesystems, name);
  for (const target of [py as Record<string, unknown>, py._api, py._module?.API as Record<string, unknown> | undefined]) {
    if (!target) continue;
    for (const name of PYODIDE_API) {
      if (!(name in target)) continue;
      try {
        Object.defineProperty(target, name, { value: denied, writable: false, configurable: false });
      } catch {
        kept.push(`pyodide.${name}`);
      }
    }
  }
  for (const name of NODE_GLOBALS) {
    if (name in scope && !Reflect.deleteProperty(scope, name)) kept.push(name);
  }
  try {
    Object.defineProperty(scope, 'process', { value: processStandIn(process.version), writable: false, configurable: false });
  } catch {
    kept.push('process');
  }
  tameCodeFromStrings(scope as unknown as Record<string, unknown>);
  return kept;
}
