/**
 * Knowing which objects print and the output stream make.
 *
 * `print(x)` in Pyodide goes through the very io stack desktop CPython uses: sys.stdout is
 * an `_io.TextIOWrapper` (line-buffered, as for a terminal) over a `BufferedWriter` over a
 * `FileIO` on fd 1; only the final `write(2)` differs (Emscripten hands the bytes to our
 * JS sink, which makes no Python object). So the temporaries a trace shows inside each
 * print are desktop CPython's too: print's bound `file.write` and `str(x)`
 * (Objects/fileobject.c `PyFile_WriteObject`), TextIOWrapper's pending list and joined
 * `bytes` (Modules/_io/textio.c `_textiowrapper_writeflush`), the `managedbuffer` and
 * `memoryview` BufferedWriter wraps its buffer in for `FileIO.write` (bufferedio.c
 * `_bufferedwriter_raw_write`). Writing output another way would drop them and make the
 * heap less like desktop's; instead the trace marks them (ObjectFlag.outputPath).
 *
 * How: the C functions behind `print`, `TextIOWrapper.write` and `.flush` are reached
 * through their PyMethodDef's `ml_meth` (a wasm table index) on every call, from bound
 * methods and from the specialized interpreter alike. We point `ml_meth` at a JS function
 * that tells the recorder "inside the output path" around a call of the original (the
 * stream methods for sys.stdout and sys.stderr only: a file the program opened is its own
 * business). Nothing runs in Python and nothing is allocated in the Python heap; the table
 * entries and the patch are made once per interpreter, before any user code.
 */
import type { WasmModule } from './wasm';

/** What the engine passes in: addresses read by the setup code before any run. */
export interface OutputStreams {
  /** id(sys.stdout), id(sys.stderr). */
  streams: number[];
  /** id() of TextIOWrapper's `write` and `flush` method descriptors. */
  methods: number[];
  /** id(builtins.print). */
  print: number;
}

export interface OutputListener {
  enterOutput(): void;
  leaveOutput(): void;
}

/** PyMethodDescrObject: PyObject_HEAD, d_type, d_name, d_qualname, then d_method (wasm32). */
const DESCR_METHOD = 20;
/** PyCFunctionObject: PyObject_HEAD, then m_ml. */
const CFUNCTION_ML = 8;
/** PyMethodDef: ml_name, ml_meth, ml_flags, ml_doc. */
const DEF_METH = 4;
const DEF_FLAGS = 8;
const METH_NOARGS = 0x4;
const METH_O = 0x8;
const METH_FASTCALL_KEYWORDS = 0x80 | 0x2;

/**
 * Route print and TextIOWrapper's write and flush through `listener` (the active recorder,
 * or null between runs). A function with an unexpected calling convention (some other
 * build) is left alone: its temporaries then simply go unmarked.
 */
export function watchOutputPath(m: WasmModule, ids: OutputStreams, listener: () => OutputListener | null): void {
  const [stdout = 0, stderr = 0] = ids.streams;
  const ours = (self: number) => (self === stdout || self === stderr ? listener() : null);
  for (const descr of ids.methods) {
    const def = m.HEAPU32[(descr + DESCR_METHOD) >>> 2] ?? 0;
    const flags = def ? (m.HEAPU32[(def + DEF_FLAGS) >>> 2] ?? 0) : 0;
    // Both are (self, arg) in C: METH_O gets the text, METH_NOARGS a NULL.
    if (flags !== METH_O && flags !== METH_NOARGS) continue;
    const original = m.wasmTable.get(m.HEAPU32[(def + DEF_METH) >>> 2] ?? 0);
    const wrapper = (self: number, arg: number): number => {
      const l = ours(self);
      if (!l) return original(self, arg);
      l.enterOutput();
      try {
        return original(self, arg);
      } finally {
        l.leaveOutput();
      }
    };
    m.HEAPU32[(def + DEF_METH) >>> 2] = m.addFunction(wrapper, 'iii');
  }

  const def = ids.print ? (m.HEAPU32[(ids.print + CFUNCTION_ML) >>> 2] ?? 0) : 0;
  if (def && m.HEAPU32[(def + DEF_FLAGS) >>> 2] === METH_FASTCALL_KEYWORDS) {
    const original = m.wasmTable.get(m.HEAPU32[(def + DEF_METH) >>> 2] ?? 0);
    const wrapper = (self: number, args: number, nargs: number, kwnames: number): number => {
      const l = listener();
      if (!l) return original(self, args, nargs, kwnames);
      l.enterOutput();
      try {
        return original(self, args, nargs, kwnames);
      } finally {
        l.leaveOutput();
      }
    };
    m.HEAPU32[(def + DEF_METH) >>> 2] = m.addFunction(wrapper, 'iiiii');
  }
}
