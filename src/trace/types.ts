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

/** Every way a run can end, once: the type below and the validators of traces and files read it. */
export const RUN_ENDS = ['completed', 'step-limit', 'time-limit', 'stopped', 'error'] as const;

/** How a run ended. `running` never appears in a finished trace. */
export type RunEnd = (typeof RUN_ENDS)[number];

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
  /**
   * The program's code is over and Python exits, as after `python main.py`'s last line: a
   * step at no line (line 0) during which the program's module is freed, with everything
   * only it kept alive (their `__del__`s are the steps after it).
   */
  exit: 8,
  /** The same, when functions registered with atexit run first: the step before `exit`. */
  atexit: 16,
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
  /**
   * Created inside the output stream's own write or flush (sys.stdout / sys.stderr: CPython's
   * io.TextIOWrapper over BufferedWriter and FileIO): the text's bytes, the buffer's memoryview.
   * Desktop CPython's print to a terminal makes the same temporaries; the program never sees them.
   */
  outputPath: 32,
} as const;

/**
 * What became of a dead object's block (`ObjectColumns.blockFate`), as read from the C
 * allocator's chunk headers after the destruction (runtime/blocks.ts, docs/allocator.md).
 */
export const BlockFate = {
  /** Not known: the object is alive, died before the run, or its block was not followed. */
  unknown: 0,
  /** An object was created in it: `blockValue` is that object. */
  object: 1,
  /** In use again with no object created there: `blockValue` is the new chunk's size. */
  allocation: 2,
  /** Merged with a free neighbour: `blockValue` is the merged free chunk's size (0 unknown). */
  merged: 3,
  /** Freed and still free (unmerged) at the end of the run. */
  free: 4,
  /** Never given back to malloc during the run: a type's own free list kept it. */
  kept: 5,
  /**
   * An object was created in it (`blockValue` is that object, as for `object`), and the
   * chunk was never seen free by malloc in between: its in-use bit stayed set at every look
   * since the death and the new object has the dead one's type, i.e. it came off the type's
   * own free list rather than from malloc.
   */
  freeList: 6,
} as const;

/** Whether a block fate names the object that took the block (`blockValue` an object). */
export const tookByObject = (fate: number): boolean => fate === BlockFate.object || fate === BlockFate.freeList;

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
  /**
   * Bytes the C allocator really reserved for the object's block (dlmalloc's chunk size,
   * header included; docs/allocator.md); 0 when unknown (made before the run, not from
   * malloc). Absent in traces recorded before Refscope read it.
   */
  chunk?: Int32Array;
  /**
   * Where the block went after the object died: a `BlockFate` per object, with
   * `blockValue` (an object index or bytes, see BlockFate) and `blockStep` (the step it was
   * seen; -1 for `free` and `kept`, known only at the end). Absent in traces recorded before
   * Refscope followed blocks.
   */
  blockFate?: Uint8Array;
  blockValue?: Int32Array;
  blockStep?: Int32Array;
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

/**
 * References from one object to another as intervals: object `holder` referred to object
 * `target` through `label` from step `from` to step `to` inclusive (`to` = -1: still held at
 * the end). Labels (index into `strings`) read as Python does: `.attr` (instance `__dict__`
 * or `__slots__`), `[0]` (list and tuple items), `['key']` / `[1]` (dict entries with str or
 * int keys), `[key#N]` (other keys; the key object is a target of its own, labelled
 * `key#N`), '' (set members), `.cell_contents` (a closure cell), `.__closure__[0]` (a
 * function's cells). Names (frames' and module's) stay in `bindings`. Recorded for the
 * objects the heap view shows: bound to a name or reachable from one through containers,
 * to the depth and count docs/trace-format.md gives. Absent in traces recorded before
 * Refscope read references.
 */
export interface ReferenceColumns {
  holder: Int32Array;
  label: Int32Array;
  target: Int32Array;
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
  /** Object → object references (the heap view); absent in older traces. */
  references?: ReferenceColumns;
  frames: FrameColumns;
  output: OutputChunk[];
  bytecode?: BytecodeData;
}
