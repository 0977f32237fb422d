/**
 * The slice of Pyodide's Emscripten module the instrumentation uses. Everything here is
 * plain C API exported by Pyodide's main module (CPython is built as a MAIN_MODULE, so
 * its symbols are callable from JavaScript as `_Name`); see design.md, Measured 3.
 */
import type { TypeInfo } from '../trace/build';

export interface WasmModule {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  addFunction(fn: (...args: number[]) => number, signature: string): number;
  removeFunction(index: number): void;
  /** The indirect function table: C function pointers are indices into it. */
  wasmTable: { get(index: number): (...args: number[]) => number };
  stringToNewUTF8(s: string): number;
  /** Writes `s` NUL-terminated into `maxBytes` at `ptr` (no allocation). */
  stringToUTF8(s: string, ptr: number, maxBytes: number): void;
  UTF8ToString(ptr: number, maxBytes?: number): string;
  _malloc(n: number): number;
  _PyCFunction_NewEx(def: number, self: number, module: number): number;
  _PyRefTracer_SetTracer(fn: number, data: number): number;
  _PyThreadState_GetUnchecked(): number;
  _PyErr_SetString(type: number, message: number): void;
  _PyErr_Occurred(): number;
  /** The exception an `except` block is handling (a new reference), or 0. */
  _PyErr_GetHandledException(): number;
  /** Raises `exc` as it is (steals the reference): no new exception, no `__context__`. */
  _PyErr_SetRaisedException(exc: number): void;
  _PyErr_GivenExceptionMatches(exc: number, type: number): number;
  /** Takes the raised exception (a new reference), clearing it; 0 if none. */
  _PyErr_GetRaisedException(): number;
  _PyEval_EvalCode(code: number, globals: number, locals: number): number;
  _PyDict_SetItemString(dict: number, key: number, value: number): number;
  _PyDict_DelItemString(dict: number, key: number): number;
  _PyDict_DelItem(dict: number, key: number): number;
  _PyObject_CallNoArgs(callable: number): number;
  /** -1 with an exception set when `obj` is not an int. */
  _PyLong_AsLong(obj: number): number;
  /** 1 if the cyclic GC was enabled. */
  _PyGC_Disable(): number;
  _PyGC_Enable(): number;
  _PyGC_Collect(): number;
  _Py_DecRef(obj: number): void;
  _PyFloat_AsDouble(obj: number): number;
  _PyRefTracer_GetTracer(data: number): number;
  _PyDict_AddWatcher(callback: number): number;
  _PyDict_Watch(watcherId: number, dict: number): number;
  _PyDict_Unwatch(watcherId: number, dict: number): number;
  _PySys_SetObject(name: number, value: number): number;
  _PySys_GetObject(name: number): number;
  _PyTuple_GetItem(tuple: number, index: number): number;
  _PyUnicode_AsUTF8(str: number): number;
  stackSave(): number;
  stackAlloc(bytes: number): number;
  stackRestore(pointer: number): void;
  _PyList_Size(list: number): number;
  _PyList_GetItem(list: number, index: number): number;
  _PyList_SetSlice(list: number, low: number, high: number, items: number): number;
  _PyUnicode_GetLength(str: number): number;
  _PyImport_ImportModule(name: number): number;
  _PyObject_GetAttrString(obj: number, name: number): number;
  _Py_DecRef(obj: number): void;
  _PyErr_Clear(): void;
  __PyTime_FromSecondsObject(out: number, obj: number, round: number): number;
  __PyArg_CheckPositional(name: number, nargs: number, min: number, max: number): number;
}

/** `METH_FASTCALL`: the C function gets (self, PyObject *const *args, Py_ssize_t nargs). */
export const METH_FASTCALL = 0x80;

/**
 * Make a Python builtin function whose body is a JavaScript function, and publish it
 * as `sys.<name>` so Python setup code can pick it up (and then delete it).
 *
 * Why not a Python function or a JsProxy: a Python callback runs bytecode and allocates
 * on every call, which both slows the traced program ~4x and perturbs the very heap we
 * are observing (design.md, Measured 4-5). A builtin backed by a wasm table entry is
 * called by CPython like any C function: no frame, no allocation, no conversion.
 * The PyMethodDef is allocated once per interpreter, before any user code runs.
 */
export function makeBuiltin(m: WasmModule, name: string, body: FastCall): void {
  publish(m, name, newBuiltin(m, name, m.addFunction(body, 'iiii')));
}

/** A builtin's vectorcall: (callable, args, nargsf, kwnames) → PyObject* or 0. */
export type Vectorcall = (callable: number, args: number, nargsf: number, kwnames: number) => number;
/** A METH_FASTCALL C function: (self, args, nargs) → PyObject* or 0. */
export type FastCall = (self: number, args: number, nargs: number) => number;
/** One callback both ways, for makeVectorcallBuiltin. */
export interface BuiltinCallback {
  vectorcall: Vectorcall;
  cfunction: FastCall;
}

/**
 * Like makeBuiltin, for WebAssembly functions that CPython calls as the builtin's
 * vectorcall, `(callable, args, nargsf, kwnames)`: the sys.monitoring callbacks. A builtin's
 * own vectorcall would call its C function through Emscripten's trampoline, which goes out
 * to JavaScript and back on every call (`_PyEM_TrampolineCall_JS`: a table lookup and two
 * boundary crossings, about a tenth of a traced run); CPython calls a vectorcall through
 * the function table, wasm to wasm. `cfunction` is the same callback with the C function's
 * signature, for the calls that go to it directly (CALL_BUILTIN_FAST, when Python code
 * calls the builtin): a call through the table with the wrong signature traps.
 */
export function makeVectorcallBuiltin(m: WasmModule, name: string, fn: BuiltinCallback): void {
  const obj = newBuiltin(m, name, m.addFunction(fn.cfunction, 'iiii'));
  const heap = m.HEAPU32;
  const vectorcallOffset = heap[((heap[(obj + Layout.type) >>> 2] ?? 0) + Layout.tpVectorcallOffset) >>> 2];
  if (vectorcallOffset !== Layout.cfunctionVectorcall) throw new Error('builtin functions are not laid out as Refscope expects in this Pyodide build');
  heap[(obj + Layout.cfunctionVectorcall) >>> 2] = m.addFunction(fn.vectorcall, 'iiiii');
  publish(m, name, obj);
}

/** A METH_FASTCALL builtin named `name` whose C function is table entry `fn` (its def allocated once). */
function newBuiltin(m: WasmModule, name: string, fn: number): number {
  const def = m._malloc(16);
  const words = def >> 2;
  m.HEAPU32[words] = m.stringToNewUTF8(name);
  m.HEAPU32[words + 1] = fn;
  m.HEAP32[words + 2] = METH_FASTCALL;
  m.HEAPU32[words + 3] = 0;
  return m._PyCFunction_NewEx(def, 0, 0);
}

function publish(m: WasmModule, name: string, obj: number): void {
  m._PySys_SetObject(m.stringToNewUTF8(name), obj);
}

/** `METH_O`: the C function gets (self, PyObject *arg); CPython checks there is exactly one. */
export const METH_O = 0x8;

/**
 * Make a JavaScript-backed builtin that stands in for `module.attr` (a builtin of the same
 * kind) and publish it as `sys.<published>` for the setup code to put in place.
 *
 * A program that looks at the stand-in must see what it replaces: so the stand-in reuses
 * the original's method definition strings (its `__name__`, `__qualname__`, `__doc__` and
 * `__text_signature__`), its `__self__` (the module) and its `__module__` string, and has
 * the same calling convention, so that CPython itself checks the arguments and words the
 * errors exactly as it does for the original. Only the function pointer differs. When
 * Pyodide has wrapped the builtin in a Python function, the stand-in copies the builtin
 * (what desktop CPython has), not Pyodide's wrapper (docs/fidelity.md). Throws
 * when the original is not a builtin with that calling convention (another CPython build).
 */
export function makeStandIn(
  m: WasmModule,
  published: string,
  module: string,
  attr: string,
  flags: typeof METH_O | typeof METH_FASTCALL,
  body: (self: number, ...args: number[]) => number,
): void {
  const mod = m._PyImport_ImportModule(m.stringToNewUTF8(module));
  let original = mod ? m._PyObject_GetAttrString(mod, m.stringToNewUTF8(attr)) : 0;
  if (!original) throw new Error(`Refscope could not find ${module}.${attr}`);
  // Pyodide wraps some builtins in Python functions (time.sleep, with functools.wraps):
  // stand in for the builtin underneath, as desktop CPython has it.
  const wrapped = m._PyObject_GetAttrString(original, m.stringToNewUTF8('__wrapped__'));
  if (wrapped) {
    m._Py_DecRef(original);
    original = wrapped;
  } else m._PyErr_Clear();
  const heap = m.HEAPU32;
  // PyCFunctionObject on wasm32: ob_refcnt, ob_type, m_ml, m_self, m_module.
  const originalDef = heap[(original + 8) >>> 2] ?? 0;
  const originalSelf = heap[(original + 12) >>> 2] ?? 0;
  const originalModule = heap[(original + 16) >>> 2] ?? 0;
  if (originalSelf !== mod || (heap[(originalDef + 8) >>> 2] ?? 0) !== flags) {
    throw new Error(`${module}.${attr} is not the builtin Refscope expects in this Pyodide build`);
  }
  const fn = m.addFunction(body, flags === METH_O ? 'iii' : 'iiii');
  const def = m._malloc(16);
  const words = def >> 2;
  m.HEAPU32[words] = heap[originalDef >>> 2] ?? 0;
  m.HEAPU32[words + 1] = fn;
  m.HEAP32[words + 2] = flags;
  m.HEAPU32[words + 3] = heap[(originalDef + 12) >>> 2] ?? 0;
  const obj = m._PyCFunction_NewEx(def, mod, originalModule);
  m._PySys_SetObject(m.stringToNewUTF8(published), obj);
  m._Py_DecRef(obj);
  m._Py_DecRef(original);
  m._Py_DecRef(mod);
}

/** Offsets in CPython 3.14's structs on wasm32 (checked at start-up by `calibrate`). */
export const Layout = {
  /** PyObject: ob_refcnt, ob_type. */
  refcnt: 0,
  type: 4,
  /** PyVarObject.ob_size, or PyLongObject.lv_tag for ints. */
  varSize: 8,
  /** PyTypeObject: tp_name (char*), tp_basicsize, tp_itemsize. */
  tpName: 12,
  tpBasicsize: 16,
  tpItemsize: 20,
  /** PyTypeObject.tp_flags. */
  tpFlags: 84,
  /** PyTypeObject.tp_vectorcall_offset; PyCFunctionObject.vectorcall. */
  tpVectorcallOffset: 28,
  cfunctionVectorcall: 24,
  /** _PyInterpreterFrame: f_executable (tagged), previous; localsplus follows the header. */
  frameExecutable: 0,
  framePrevious: 4,
  frameLocalsplus: 40,
  /** PyCellObject.ob_ref. */
  cellRef: 8,
} as const;

/** Py_TPFLAGS_HEAPTYPE and Py_TPFLAGS_TYPE_SUBCLASS: a class made at run time, which can be freed. */
const HEAP_TYPE = 1 << 9;
const TYPE_SUBCLASS = 1 << 31;

/** Whether `obj` (of type `type`) is a class made at run time: one the program can free. */
export function isHeapType(heap: Uint32Array, obj: number, type: number): boolean {
  return type !== 0 && ((heap[(type + Layout.tpFlags) >>> 2] ?? 0) & TYPE_SUBCLASS) !== 0 && ((heap[(obj + Layout.tpFlags) >>> 2] ?? 0) & HEAP_TYPE) !== 0;
}

/** A type's name and sizes, read from its PyTypeObject while it is alive. */
export function readTypeInfo(m: WasmModule, ptr: number): TypeInfo {
  const namePtr = m.HEAPU32[(ptr + Layout.tpName) >>> 2] ?? 0;
  const full = namePtr ? m.UTF8ToString(namePtr, 200) : '?';
  return {
    // Static types carry their module in tp_name ("collections.OrderedDict"): show the short name.
    name: full.slice(full.lastIndexOf('.') + 1),
    basicsize: m.HEAP32[(ptr + Layout.tpBasicsize) >>> 2] ?? 0,
    itemsize: m.HEAP32[(ptr + Layout.tpItemsize) >>> 2] ?? 0,
  };
}

/** _PyStackRef keeps tag bits in the low bits of the pointer; objects are 4-aligned. */
export const untag = (ref: number): number => (ref & ~3) >>> 0;
