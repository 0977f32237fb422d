/**
 * Booting one interpreter for the engine (./engine): load Pyodide (or restore a snapshot),
 * install Refscope's JavaScript-backed builtins and stand-ins, run the setup script, and
 * probe this build's layout (where the thread state keeps its current frame, where a
 * tuple keeps its items). The callbacks report to whichever recorder is active; the run
 * itself, and what its outcome means, is the engine's.
 */
import { loadPyodide } from 'pyodide';
import type { TypeInfo } from '../trace/build';
import { StepEvent } from '../trace/types';
import { watchOutputPath, type OutputStreams } from './outputPath';
import { makePreviewReader, type PreviewReader, type PreviewTypes } from './preview';
import type { ContainerTypes, Recorder } from './recorder';
import type { ReferenceTypes } from './references';
import { SETUP_PY } from './setup.py';
import { pinTimeZoneToUtc } from './timeZone';
import { loadTracer, REGIONS, TracerState, type WasmTracer } from './tracerWasm';
import { WasmRecorder } from './wasmRecorder';
import { Layout, makeBuiltin, makeStandIn, makeVectorcallBuiltin, METH_FASTCALL, METH_O, readTypeInfo, untag, type WasmModule } from './wasm';

export interface EngineOptions {
  /** Folder (URL or, in Node, path) holding pyodide.asm.wasm, python_stdlib.zip... */
  indexURL: string;
  /** PYTHONHASHSEED. */
  seed: number;
  /**
   * A memory snapshot from `makeSnapshot` with the same seed: restoring it takes a
   * fraction of a full load, and every engine restored from one snapshot starts from
   * the very same heap (so the same program prints the same ids). Engines loaded with
   * and without a snapshot have different heaps: use one kind for runs to compare.
   */
  snapshot?: Uint8Array;
  /**
   * false: record no object → object references (./references), for benchmarks that
   * measure what they cost. Default true.
   */
  references?: boolean;
  /**
   * Which recorder records: 'wasm' (default, ./assembly/recorder.ts via ./wasmRecorder) or
   * 'js' (./recorder's own callbacks, the reference implementation the tests compare it with).
   */
  tracer?: 'wasm' | 'js';
  /**
   * Called once Pyodide has loaded, before Refscope's setup: from then on the snapshot's
   * bytes are no longer needed (the interpreter's memory is a copy), so the worker hands
   * them on for the next interpreter's restore without waiting for its own setup.
   */
  onLoaded?: () => void;
}

/**
 * Everything the interpreter learns about the machine it starts on is fixed here, because
 * each string it keeps from start-up moves every address after it: the environment (the
 * browser's language would be LANG), the program name (in Node, the running script's path
 * would be argv[0] and `_`) and, in ./timeZone, the time zone. Uninstrumented interpreters
 * that tests and benchmarks compare with the engine's are loaded with these options too.
 */
export function pyodideOptions(options: Pick<EngineOptions, 'indexURL' | 'seed'>) {
  pinTimeZoneToUtc();
  return {
    indexURL: options.indexURL,
    env: { PYTHONHASHSEED: String(options.seed), HOME: '/home/pyodide', LANG: 'C.UTF-8', _: PROGRAM },
    _sysExecutable: PROGRAM,
    fullStdLib: false,
  };
}

/** What a browser's Emscripten calls the program when nothing says otherwise. */
const PROGRAM = './this.program';

/** Load an interpreter once and capture its memory, for fast fresh engines afterwards. */
export async function makeSnapshot(options: Omit<EngineOptions, 'snapshot'>): Promise<Uint8Array> {
  const py = await loadPyodide({ ...pyodideOptions(options), _makeSnapshot: true });
  return py.makeMemorySnapshot();
}

/** `_PyTime_ROUND_TIMEOUT`, the rounding time.sleep asks for. */
const ROUND_TIMEOUT = 3;

export interface PyApi {
  runPython(code: string, options?: { globals?: unknown }): unknown;
  globals: { get(name: string): unknown };
  setStdout(options: { write: (buffer: Uint8Array) => number }): void;
  setStderr(options: { write: (buffer: Uint8Array) => number }): void;
  setStdin(options: { stdin: () => string | null }): void;
  setInterruptBuffer(buffer: Int32Array | undefined): void;
  toPy(x: unknown): unknown;
  _module: unknown;
}

export type PyFunction = ((...args: unknown[]) => unknown) & { destroy?: () => void };

/** Objects the setup script made, by address, and what it found out about this build. */
export interface SetupInfo {
  none: number;
  stop: number;
  cell: number;
  valueError: number;
  runtimeError: number;
  version: string;
}

/** A booted interpreter, ready for one run. */
export interface Interpreter {
  readonly py: PyApi;
  readonly m: WasmModule;
  /** The setup script's namespace: `prepare` and `finish`. */
  readonly ns: { get(name: string): unknown };
  readonly info: SetupInfo;
  /** Byte offset of the current frame pointer in the thread state. */
  readonly frameOffset: number;
  readonly containers: ContainerTypes;
  /** Types the reference walk looks into (./references). */
  readonly referenceTypes: ReferenceTypes;
  readonly preview: PreviewReader;
  /** The types value previews are read for (./preview). */
  readonly previewTypes: PreviewTypes;
  /** The dict watcher that reports the user's globals to the active recorder. */
  readonly globalsWatcher: number;
  /** Out-parameter for _PyRefTracer_GetTracer (allocated once, before any run). */
  readonly tracerData: number;
  /** The WebAssembly reference tracer, loaded (and its memory reserved) at boot. */
  readonly tracer: WasmTracer;
  readonly loadMs: number;
  /** The recorder the callbacks report to; null between runs. */
  setActive(recorder: Recorder | null): void;
  /** When the user's program ended; 0 before. */
  programEnded(): number;
  /**
   * Runs the prepared program (its code object and globals, by address) and then the setup
   * script's `finish`, whose JSON it returns. A JavaScript error out of the program (the
   * interpreter died: ./crash) propagates.
   */
  runProgram(prepared: { code: number; globals: number; state: number; exit: number }): string;
  typeInfo(ptr: number): TypeInfo;
}

export async function bootInterpreter(options: EngineOptions): Promise<Interpreter> {
  const t0 = performance.now();
  const py = (await loadPyodide({
    ...pyodideOptions(options),
    ...(options.snapshot ? { _loadSnapshot: options.snapshot } : {}),
  })) as unknown as PyApi;
  options.onLoaded?.();
  const m = py._module as WasmModule;
  if (options.snapshot) matchRuntime(py, m);

  let active: Recorder | null = null;
  let frameOffset = -1;
  let probeExpect = 0;
  let ids = { none: 0, stop: 0, cell: 0, valueError: 0, runtimeError: 0 };
  /** When the user's program ended, to time it without Refscope's own bookkeeping. */
  let programEnded = 0;
  const excKey = m.stringToNewUTF8('exc');
  const stopMessage = m.stringToNewUTF8('Refscope ended the program (budget or Stop)');
  const sleepMessage = m.stringToNewUTF8('sleep length must be non-negative');
  const inputName = m.stringToNewUTF8('input');
  /** time.sleep's argument in nanoseconds (a PyTime_t, 8 bytes, allocated once). */
  const timeout = m._malloc(8);
  if (options.snapshot) dropRepeatedCwdEntry(m, timeout);
  const inputMessage = m.stringToNewUTF8(
    'input() is not supported in Refscope: the program runs without a keyboard. Put the values in the program instead.',
  );
  /** Out-parameter for _PyRefTracer_GetTracer (4 bytes, allocated once, before any run). */
  const tracerData = m._malloc(4);
  // Reserved here, in every boot, whichever tracer the run uses: engines compared with each
  // other must start from the same heap (./tracerWasm says why it is harmless).
  const tracer: WasmTracer = loadTracer(m, {
    drain: () => {
      if (active instanceof WasmRecorder) active.drain();
      else m.HEAPU32.fill(0, (tracer.state >>> 2) + TracerState.counts, (tracer.state >>> 2) + TracerState.counts + REGIONS);
    },
    idle: () => active?.raiseIfStopping(ids.none, ids.stop, stopMessage) ?? ids.none,
    budget: (step) => (active?.budget.overrun(step) ? 1 : 0),
    getTracer: m._PyRefTracer_GetTracer,
    previewText: (index, obj, region) => (active as WasmRecorder | null)?.previewText(index, obj, region),
    retractDrained: (obj) => (active as WasmRecorder | null)?.retractDrained(obj),
    typeGone: (obj, seq) => active?.typeGone(obj, seq),
    overflow: () => (active as WasmRecorder | null)?.overflow(),
    jsLine: (args) => active?.onLine(args, ids.none, ids.stop, stopMessage) ?? ids.none,
    jsJump: (args) => active?.onJump(args, ids.none, ids.stop, stopMessage) ?? ids.none,
    jsStart: (args) => active?.onStart(args, ids.none, ids.stop, stopMessage) ?? ids.none,
    jsGlobal: (e, d, k, v) => (active ? active.onGlobal(e, d, k, v) : 0),
    globalName: (key) => active?.globalName(key) ?? -2,
    labelItem: (k) => (active as WasmRecorder).walkLabels.item(k),
    labelText: (kind, k) => (active as WasmRecorder).walkLabels.label(kind === 0 ? `.__closure__[${k}]` : kind === 1 ? `[key#${k}]` : `key#${k}`),
    labelStr: (key, attr) => (active as WasmRecorder).walkLabels.strKey(m.HEAPU32, key, attr === 1),
    labelInt: (key) => (active as WasmRecorder).walkLabels.intKey(m.HEAPU32, key),
    members: (type, out, room) => (active as WasmRecorder).members(type, out, room),
  });

  // The builtins sys.monitoring calls. They are created before any user code, once per
  // interpreter. LINE, JUMP and PY_START are the WebAssembly recorder's own functions
  // (./tracerWasm), called as the builtins' vectorcalls (wasm to wasm), which hand the call
  // to the JavaScript recorder when it is the one recording.
  makeVectorcallBuiltin(m, '_rs_line', tracer.onLine);
  makeVectorcallBuiltin(m, '_rs_start', tracer.onStart);
  makeVectorcallBuiltin(m, '_rs_jump', tracer.onJump);
  makeBuiltin(m, '_rs_raise', (_self, args) => active?.onRaise(args, ids.none) ?? ids.none);
  // Stand-ins for time.sleep and input(), indistinguishable from the originals to a
  // program that looks at them (name, module, type, repr, signature, argument errors).
  makeStandIn(m, '_rs_sleep', 'time', 'sleep', METH_O, (_self, arg) => {
    // CPython's own conversion, so that the errors are word for word time.sleep's.
    if (m.__PyTime_FromSecondsObject(timeout, arg ?? 0, ROUND_TIMEOUT)) return 0;
    const ns = (m.HEAP32[(timeout >>> 2) + 1] ?? 0) * 2 ** 32 + (m.HEAPU32[timeout >>> 2] ?? 0);
    if (ns < 0) {
      m._PyErr_SetString(ids.valueError, sleepMessage);
      return 0;
    }
    if (!active) return ids.none;
    return active.sleep(ns / 1e9) ? ids.none : (m._PyErr_SetString(ids.stop, stopMessage), 0);
  });
  // input() has no keyboard to read from: say so, after the same argument check as CPython's.
  makeStandIn(m, '_rs_input', 'builtins', 'input', METH_FASTCALL, (_self, _args, nargs) => {
    if (!m.__PyArg_CheckPositional(inputName, nargs ?? 0, 0, 1)) return 0;
    m._PyErr_SetString(ids.runtimeError, inputMessage);
    return 0;
  });
  makeBuiltin(m, '_rs_probe', (_self, args) => {
    // Find where the thread state keeps its current frame: the word that points to a
    // frame whose code is the probe's, and whose first local slot is the probe's argument.
    const heap = m.HEAPU32;
    const code = heap[args >>> 2] ?? 0;
    const tstate = m._PyThreadState_GetUnchecked();
    for (let w = 0; w < 128; w++) {
      const f = heap[(tstate >>> 2) + w] ?? 0;
      if (f === 0 || f >= m.HEAPU8.length || f % 4 !== 0) continue;
      if (untag(heap[(f + Layout.frameExecutable) >>> 2] ?? 0) !== code) continue;
      if (untag(heap[(f + Layout.frameLocalsplus) >>> 2] ?? 0) !== probeExpect) continue;
      frameOffset = w * 4;
      break;
    }
    return ids.none;
  });

  const ns = py.toPy({}) as { get(name: string): unknown; destroy(): void };
  py.runPython(SETUP_PY, { globals: ns });
  const info = JSON.parse(String((ns.get('ids') as PyFunction)())) as typeof ids & {
    version: string;
    preview: PreviewTypes;
    containers: { list: number; tuple: number; probeTuple: number; probeItem: number } & Omit<ReferenceTypes, 'list' | 'tuple' | 'tupleItems' | 'cell' | 'str' | 'int'>;
    output: OutputStreams;
  };
  watchOutputPath(m, info.output, () => active);
  const containers = containerTypes(m, info.containers);
  const c = info.containers;
  const referenceTypes: ReferenceTypes = {
    ...containers,
    dict: c.dict,
    set: c.set,
    frozenset: c.frozenset,
    function: c.function,
    cell: info.cell,
    str: info.preview.str,
    int: info.preview.int,
  };
  const preview = makePreviewReader(m, info.preview);
  ids = info;
  m.HEAPU32[(tracer.state >>> 2) + TracerState.none] = ids.none;
  // Proxies are destroyed here, not left to JavaScript's GC: a proxy collected later frees
  // its Python object at an unpredictable moment, and that block would go to the next
  // object() of the user's program (different ids from run to run).
  const probeArg = py.runPython('object()') as { destroy(): void };
  const probeGlobals = py.toPy({ _x: probeArg }) as { destroy(): void };
  probeExpect = Number(py.runPython('id(_x)', { globals: probeGlobals }));
  probeGlobals.destroy();
  (ns.get('probe') as PyFunction)(probeArg);
  probeArg.destroy();
  if (frameOffset < 0) throw new Error("Refscope could not find CPython's frame layout in this Pyodide build");

  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const sink = (stream: 'stdout' | 'stderr') => (buffer: Uint8Array) => {
    active?.write(stream, decoders[stream].decode(buffer, { stream: true }));
    return buffer.length;
  };
  py.setStdout({ write: sink('stdout') });
  py.setStderr({ write: sink('stderr') });
  // input() has nowhere to read from in a worker: EOF, which Python reports as EOFError.
  py.setStdin({ stdin: () => null });

  // The WebAssembly recorder's watcher, which hands events to the JavaScript one when that records.
  const globalsWatcher = m._PyDict_AddWatcher(tracer.onGlobal);

  const typeInfo = (ptr: number): TypeInfo => readTypeInfo(m, ptr);

  return {
    py,
    m,
    ns,
    info,
    frameOffset,
    containers,
    referenceTypes,
    preview,
    previewTypes: info.preview,
    globalsWatcher,
    tracerData,
    tracer,
    loadMs: performance.now() - t0,
    setActive: (recorder) => {
      active = recorder;
    },
    programEnded: () => programEnded,
    runProgram({ code, globals, state, exit }) {
      // CPython's own call, from here: the program's module frame has no frame of Refscope's
      // under it, as under `python main.py` (a Python `exec` left one in sys._getframe(1),
      // traceback.print_stack() and warnings' stacklevel=2, and took one level of recursion).
      const value = m._PyEval_EvalCode(code, globals, globals);
      // The program's code is over: a Stop arriving from now on must not interrupt Refscope's
      // own bookkeeping (Pyodide would raise KeyboardInterrupt in it); the page's Stop still
      // ends what runs at exit, through the recorder's budget.
      py.setInterruptBuffer(undefined);
      let exc = 0;
      if (value !== 0) m._Py_DecRef(value);
      else exc = m._PyErr_GetRaisedException();
      // How it ended (CPython prints an uncaught exception before it exits), told with the
      // reference tracer and the cyclic GC paused: what `describe` makes and frees is
      // Refscope's, and a collection here would free the program's garbage unheard.
      const tracerFn = m._PyRefTracer_GetTracer(tracerData);
      const tracerArg = m.HEAPU32[tracerData >>> 2] ?? 0;
      m._PyRefTracer_SetTracer(0, 0);
      const gcWasOn = m._PyGC_Disable();
      if (exc) m._PyDict_SetItemString(state, excKey, exc);
      const outcome = JSON.parse(String((ns.get('describe') as PyFunction)())) as Record<string, unknown>;
      if (exc) m._PyDict_DelItemString(state, excKey);
      if (gcWasOn) m._PyGC_Enable();
      m._PyRefTracer_SetTracer(tracerFn, tracerArg);
      if (active?.recording && !outcome.stop && !outcome.interrupted) {
        // CPython prints the traceback before it exits, at the step that raised.
        if (typeof outcome.text === 'string') {
          active.write('stderr', outcome.text);
          delete outcome.text;
        }
        // CPython forgets the exception before it frees the modules (sys.last_exc).
        if (exc) m._Py_DecRef(exc);
        exc = 0;
        runExit(m, exit, active);
        // What ran at exit met the step or time budget, or Stop.
        if (active.budget.stopReason) outcome.stop = true;
      }
      programEnded = performance.now();
      if (active) active.tracerWasIntact = active.budget.tracerIntact();
      m._PyRefTracer_SetTracer(0, 0);
      active?.finish();
      if (exc) m._Py_DecRef(exc);
      return JSON.stringify({ ...outcome, ...JSON.parse(String((ns.get('finish') as PyFunction)())) });
    },
    typeInfo,
  };
}

/**
 * What `python main.py` does after the program's last line, as far as the program can
 * see it (CPython's Py_FinalizeEx): atexit's callbacks, then the program's module leaves
 * sys.modules and the cyclic GC runs, which frees the globals and everything only they kept
 * alive, calling their `__del__`s. Each phase starts with a step at no line (the atexit one
 * only when something is registered), so that what happens in it is told as Python's exit,
 * not as the last line that ran; the step budget and Stop still apply. Called through the C
 * API with the objects `prepare` took (`_state['exit']`, whose address it returned): nothing is
 * allocated for it. The
 * rest of the interpreter is not torn down (what other modules keep stays alive:
 * docs/fidelity.md).
 */
function runExit(m: WasmModule, exit: number, recorder: Recorder): void {
  const [runCallbacks, countCallbacks, modules, main] = [0, 1, 2, 3].map((i) => m._PyTuple_GetItem(exit, i));
  // `atexit._ncallbacks()`: a small int, immortal, so the call allocates nothing.
  const count = m._PyObject_CallNoArgs(countCallbacks!);
  const registered = count ? m._PyLong_AsLong(count) : 0;
  if (count) m._Py_DecRef(count);
  m._PyErr_Clear();
  if (registered > 0) {
    if (!recorder.exitStep(StepEvent.atexit)) return;
    const result = m._PyObject_CallNoArgs(runCallbacks!);
    if (result) m._Py_DecRef(result);
    else m._PyErr_Clear();
  }
  if (!recorder.exitStep(StepEvent.exit)) return;
  if (m._PyDict_DelItem(modules!, main!) !== 0) m._PyErr_Clear();
  m._PyGC_Collect();
}

/**
 * Pyodide restored from a snapshot puts the working directory ('') at the front of sys.path
 * again, before the one the snapshot already holds: a program printing sys.path saw
 * `['', '', '/lib/python314.zip', ...]` under Refscope and `['', '/lib/python314.zip', ...]`
 * in Pyodide loaded in full. The extra entry is taken out through the C API, which allocates
 * nothing on the heap (interpreters restored from one snapshot still start from the same
 * heap); `scratch` (8 bytes) holds the name "path" meanwhile.
 */
function dropRepeatedCwdEntry(m: WasmModule, scratch: number): void {
  m.stringToUTF8('path', scratch, 8);
  const path = m._PySys_GetObject(scratch);
  if (!path || m._PyList_Size(path) < 2) return m._PyErr_Clear();
  const first = m._PyList_GetItem(path, 0);
  // '' is one object in CPython (the empty string singleton): the same item twice.
  if (first === 0 || first !== m._PyList_GetItem(path, 1) || m._PyUnicode_GetLength(first) !== 0) return m._PyErr_Clear();
  if (m._PyList_SetSlice(path, 0, 1, 0) !== 0) m._PyErr_Clear();
}

/**
 * `sys._emscripten_info.runtime` names the JavaScript engine CPython started in
 * (`_Py_emscripten_runtime` in Python/sysmodule.c: the browser's user agent, or "Node.js
 * v20..."), once, at start-up: an interpreter restored from a snapshot made elsewhere would
 * report that engine. It gets this one's, so that a program prints what Pyodide loaded in this
 * engine prints. The build's snapshot is made with a placeholder of RUNTIME_PLACEHOLDER_LENGTH
 * characters there (../cli/snapshot.ts), whose string is rewritten in place: the heap stays the
 * snapshot's, so the page in any browser, the `trace` command and the recordings all start
 * from the same heap and print the same ids. Only a runtime name that does not fit (or a
 * string that is not the snapshot's own, plain ASCII one) is replaced by a new object, which
 * moves later addresses. Read through the C API (the attribute's name on the stack).
 */
export function matchRuntime(py: PyApi, m: WasmModule): void {
  const runtime = cpythonRuntimeName();
  const stack = m.stackSave();
  const name = m.stackAlloc(32);
  m.stringToUTF8('_emscripten_info', name, 32);
  const info = m._PySys_GetObject(name);
  m.stackRestore(stack);
  const item = info ? m._PyTuple_GetItem(info, 1) : 0;
  const utf8 = item ? m._PyUnicode_AsUTF8(item) : 0;
  if (!utf8) return m._PyErr_Clear();
  const current = m.UTF8ToString(utf8);
  if (current === runtime) return;
  if (rewriteAsciiInPlace(m, item, utf8, current.length, runtime)) return;
  const globals = py.toPy({ runtime }) as { destroy(): void };
  py.runPython('import sys\ni = sys._emscripten_info\nsys._emscripten_info = type(i)((i[0], runtime, *i[2:]))\ndel i', { globals });
  globals.destroy();
}

/** How long the runtime name's placeholder in the build's snapshot is: room for any user agent. */
export const RUNTIME_PLACEHOLDER_LENGTH = 512;

/**
 * Rewrites the compact ASCII string `str` (its characters at `data`, `length` of them) to
 * `text`, if `text` is ASCII and no longer, and nothing else holds the string: CPython's
 * PyASCIIObject on wasm32 is refcount, type, length, hash, state, then the characters.
 */
function rewriteAsciiInPlace(m: WasmModule, str: number, data: number, length: number, text: string): boolean {
  const words = str >>> 2;
  const ascii = /^[\x20-\x7e]*$/.test(text);
  // The length field, and the characters right after the header: a compact ASCII string.
  if (!ascii || text.length > length || m.HEAP32[words + 2] !== length || data !== str + 20) return false;
  if (m.HEAP32[words] !== 1) return false; // held elsewhere too
  const state = m.HEAPU32[words + 4] ?? 0;
  if ((state & 0b11) !== 0) return false; // interned
  for (let i = 0; i < text.length; i++) m.HEAPU8[data + i] = text.charCodeAt(i);
  m.HEAPU8[data + text.length] = 0;
  m.HEAP32[words + 2] = text.length;
  m.HEAP32[words + 3] = -1; // the hash, computed again when asked for
  return true;
}

/** What `_Py_emscripten_runtime` answers in this JavaScript engine (its code, in pyodide.asm.mjs). */
function cpythonRuntimeName(): string {
  if (typeof navigator === 'object') return navigator.userAgent;
  if (typeof process === 'object') return `Node.js ${process.version}`;
  return 'UNKNOWN';
}

/** Where a tuple keeps its items: found by looking for a known item in a known tuple. */
function containerTypes(
  m: WasmModule,
  c: { list: number; tuple: number; probeTuple: number; probeItem: number },
): ContainerTypes {
  for (let offset = 12; offset <= 24; offset += 4) {
    if (m.HEAPU32[(c.probeTuple + offset) >>> 2] === c.probeItem) return { list: c.list, tuple: c.tuple, tupleItems: offset };
  }
  return { list: c.list, tuple: 0, tupleItems: 0 };
}
