/**
 * The trace model: what one run of a user's program did to CPython's memory.
 *
 * Columnar on purpose: a trace can hold millions of events, so every per-step and
 * per-object field is a typed array (transferable from the worker without copying,
 * no JS object per event). Strings (function names, type names, variable names)
 * live once in `strings` and are referenced by index.
 *
 * No React, D3 or DOM here: the same code runs in the page, the worker and Node.
 */

/** How a run ended. `running` never appears in a finished trace. */
export type RunEnd = 'completed' | 'step-limit' | 'time-limit' | 'stopped' | 'error';

/** One frame of a traceback, limited to the user's own code. */
export interface TracebackFrame {
  line: number;
  function: string;
}

export interface RunError {
  /** Exception type name, e.g. `NameError`. */
  type: string;
  message: string;
  /** 1-based line in the user's source, or null when the error is not tied to a line. */
  line: number | null;
  traceback: TracebackFrame[];
}

/** Where a step came from; a step is one executed line of user code. */
export const StepEvent = {
  /** An ordinary line in the same frame as the previous step. */
  line: 0,
  /** First line of a newly entered frame (depth went up). */
  call: 1,
  /** First line after one or more frames returned (depth went down). */
  return: 2,
  /** A line during which an exception was raised. Combined bitwise with the above. */
  exception: 4,
} as const;

/** Bits of `ObjectColumns.flags`. */
export const ObjectFlag = {
  /** Existed before the run started (used, not created, by the user's code). */
  preexisting: 1,
  /** Immortal in CPython 3.12+ (None, True, small ints, interned strings...): refcount never changes. */
  immortal: 2,
  /** Was bound to a name (a local, a global) at some step. */
  named: 4,
  /** Its `__del__` ran. */
  finalized: 8,
  /** Was an item of a list or tuple that was bound to a name. */
  held: 16,
} as const;

export const OutputStream = { stdout: 0, stderr: 1 } as const;

export interface StepColumns {
  /** 1-based source line. */
  line: Int32Array;
  /** Index into `strings`: the function (code object name, `<module>` at top level). */
  func: Int32Array;
  /** Call depth: 0 for the module's own frame. */
  depth: Int32Array;
  /** Bit set of `StepEvent`. */
  event: Uint8Array;
}

export interface ObjectColumns {
  /** Memory address in WebAssembly linear memory; equals Python's `id()`. */
  address: Uint32Array;
  /** Index into `strings`: the type name. */
  type: Int32Array;
  /** Size in bytes as `sys.getsizeof` would report without the GC header (basic size + items). */
  size: Int32Array;
  /** Step during which the object was created; -1 when it existed before the run. */
  born: Int32Array;
  /** Step during which it was destroyed; -1 when still alive at the end of the trace. */
  died: Int32Array;
  /** Step during which its `__del__` ran; -1 when it did not run. */
  finalized: Int32Array;
  /** Bit set of `ObjectFlag`. */
  flags: Uint8Array;
  /**
   * Short value preview (`42`, `'abc'`, `None`, `(3 items)`) for immutable built-in
   * objects that were bound to a name, read from memory; null otherwise.
   */
  preview?: Array<string | null>;
}

/**
 * Reference counts as a step function per object: object `obj` had `value` from
 * step `step` until its next sample. Sorted by object, then step; `start[o]..start[o+1]`
 * is object o's range (CSR layout), so a lookup is a binary search, not a scan.
 */
export interface RefcountColumns {
  start: Int32Array;
  step: Int32Array;
  value: Int32Array;
}

/**
 * Name bindings as intervals: name `name` in frame `frame` referred to object `obj`
 * from step `from` to step `to` inclusive (`to` = -1: still bound at the end).
 */
export interface BindingColumns {
  obj: Int32Array;
  /** Index into `strings`. */
  name: Int32Array;
  /** Index into `frames`; -1 for the module's globals. */
  frame: Int32Array;
  from: Int32Array;
  to: Int32Array;
}

/** Every frame of user code that ran: its function and the steps it was on the stack. */
export interface FrameColumns {
  func: Int32Array;
  depth: Int32Array;
  /** First step executed in this frame. */
  enter: Int32Array;
  /** Last step during which the frame was on the stack (its own or a callee's). */
  exit: Int32Array;
}

export interface OutputChunk {
  step: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface TraceMeta {
  python: string;
  pyodide: string;
  seed: number;
  source: string;
  status: RunEnd;
  error: RunError | null;
  maxSteps: number;
  maxSeconds: number;
  /** Which allocator hands out memory in this run (Pyodide has no pymalloc). */
  allocator: string;
  /** Wall time of the traced run in milliseconds. */
  elapsedMs: number;
  /** True when output was cut at the output cap. */
  outputTruncated: boolean;
}

/** One bytecode instruction, as `dis` shows it. */
export interface Instruction {
  offset: number;
  opname: string;
  /** Human-readable argument (`ins`, `object`, `1 (to L2)`...), '' when none. */
  argrepr: string;
  /** Source line, or null for instructions CPython does not tie to a line. */
  line: number | null;
}

/** Disassembly of one code object of the user's program. */
export interface CodeBytecode {
  /** Qualified name (`Son.__del__`, `<module>`). */
  name: string;
  firstLine: number;
  instructions: Instruction[];
}

/**
 * The program's bytecode, disassembled by the same CPython that ran it (after the run,
 * so that `dis` cannot disturb the trace). Absent for traces without it (old files,
 * programs too large to disassemble usefully).
 */
export interface BytecodeData {
  codes: CodeBytecode[];
  /** Per step: index into `codes` of the code object that step executed in. */
  stepCode: Int32Array;
}

export interface TraceData {
  meta: TraceMeta;
  strings: string[];
  steps: StepColumns;
  objects: ObjectColumns;
  refcounts: RefcountColumns;
  bindings: BindingColumns;
  frames: FrameColumns;
  output: OutputChunk[];
  bytecode?: BytecodeData;
}
