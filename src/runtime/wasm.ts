/**
 * The slice of Pyodide's Emscripten module the instrumentation uses. Everything here is
 * plain C API exported by Pyodide's main module (CPython is built as a MAIN_MODULE, so
 * its symbols are callable from JavaScript as `_Name`); see design.md, Measured 3.
 */
export interface WasmModule {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  addFunction(fn: (...args: number[]) => number, signature: string): number;
  removeFunction(index: number): void;
  stringToNewUTF8(s: string): number;
  UTF8ToString(ptr: number, maxBytes?: number): string;
  _malloc(n: number): number;
  _PyCFunction_NewEx(def: number, self: number, module: number): number;
  _PyRefTracer_SetTracer(fn: number, data: number): number;
  _PyThreadState_GetUnchecked(): number;
  _PyErr_SetString(type: number, message: number): void;
  _PyErr_Occurred(): number;
  _PyFloat_AsDouble(obj: number): number;
  _PyRefTracer_GetTracer(data: number): number;
  _PyDict_AddWatcher(callback: number): number;
  _PyDict_Watch(watcherId: number, dict: number): number;
  _PyDict_Unwatch(watcherId: number, dict: number): number;
  _PySys_SetObject(name: number, value: number): number;
}

/** `METH_FASTCALL`: the C function gets (self, PyObject *const *args, Py_ssize_t nargs). */
const METH_FASTCALL = 0x80;

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
export function makeBuiltin(
  m: WasmModule,
  name: string,
  body: (self: number, args: number, nargs: number) => number,
): void {
  const fn = m.addFunction(body, 'iiii');
  const def = m._malloc(16);
  const words = def >> 2;
  m.HEAPU32[words] = m.stringToNewUTF8(name);
  m.HEAPU32[words + 1] = fn;
  m.HEAP32[words + 2] = METH_FASTCALL;
  m.HEAPU32[words + 3] = 0;
  const obj = m._PyCFunction_NewEx(def, 0, 0);
  m._PySys_SetObject(m.stringToNewUTF8(name), obj);
}

/** CPython 3.12+ on 32-bit: a refcount at or above 2^30 marks an immortal object. */
export const IMMORTAL_REFCOUNT = 2 ** 30;

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
  /** _PyInterpreterFrame: f_executable (tagged), previous; localsplus follows the header. */
  frameExecutable: 0,
  framePrevious: 4,
  frameLocalsplus: 40,
  /** PyCellObject.ob_ref. */
  cellRef: 8,
} as const;

/** _PyStackRef keeps tag bits in the low bits of the pointer; objects are 4-aligned. */
export const untag = (ref: number): number => (ref & ~3) >>> 0;
