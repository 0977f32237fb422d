/**
 * The recorder's WebAssembly (./assembly/recorder.ts, AssemblyScript): loading it into an
 * interpreter, and the layout of the state block it shares with ./wasmRecorder.
 *
 * Why: CPython calls the reference tracer for every object created and destroyed, and the
 * sys.monitoring callbacks before every line, millions of times a run. From JavaScript
 * each is a WebAssembly → JavaScript call, then JavaScript reading linear memory; the
 * module is in Pyodide's function table and is called wasm to wasm, and it records into
 * linear memory. ./wasmRecorder drains the records into the recorder's columns.
 *
 * The reservation: the state block and the record buffer are one `malloc` of 1 MiB per
 * interpreter, made at boot (./boot.ts) before the setup script runs and long before any
 * user program, and never freed. Why it cannot change what a program does:
 * - it is made at the same point of every boot, whichever recorder the run uses, so every
 *   engine starts the user's program from the same heap;
 * - 1 MiB is larger than any free chunk after boot, so dlmalloc serves it from its top
 *   chunk: the free chunks and bins the program's objects come from are left as they were
 *   (a smaller buffer, 48 KiB, was carved out of a free chunk in the middle of the heap and
 *   moved later objects: the shipped recordings changed). Allocations that do reach the
 *   top are moved by the same amount, which keeps ids' equality pattern;
 * - what the module writes while the program runs goes into that block only: no
 *   allocation, no Python object, no Python code (the module has no data segment and no
 *   allocator; ./assembly/recorder.ts).
 * The fidelity corpus and the fuzz test check the ids' pattern against uninstrumented
 * runs; src/cli/record.test.ts checks that traces are the ones recorded before this
 * module existed (public/recordings, byte for byte but the wall time).
 */
import { WASM_BASE64 } from './recorder.wasm';
import type { BuiltinCallback, FastCall, Vectorcall, WasmModule } from './wasm';

/** Word offsets in the state block (./assembly/recorder.ts lists them in bytes). */
export const TracerState = {
  active: 0,
  step: 1,
  tracer: 4,
  pendObj: 7,
  pendSlot: 8,
  settled: 9,
  settledValue: 10,
  frameSlot: 12,
  outputOpen: 13,
  lastObj: 14,
  lastCreate: 15,
  none: 16,
  maxSteps: 21,
  cellType: 22,
  lastBackJump: 23,
  ncodes: 24,
  list: 28,
  tuple: 29,
  tupleItems: 30,
  previewInt: 31,
  previewFloat: 32,
  previewStr: 33,
  previewBool: 34,
  previewNone: 35,
  previewTrue: 36,
  references: 37,
  recording: 38,
  mode: 39,
  dict: 43,
  set: 44,
  frozenset: 45,
  cell: 46,
  function: 47,
  previews: 48,
  previewTuple: 49,
  /** Records in each region (REGIONS words). */
  counts: 50,
} as const;
/** Bytes reserved for the state block and the regions (see above: why this size). */
const TRACER_BYTES = 1 << 20;

/**
 * The module's regions, in its order: most are one of the recorder's columns (./recorder),
 * written in the column's own layout; `patches` holds what is not a new record of a column
 * and `texts` the code points of str previews.
 */
export const Region = {
  ref: 0,
  steps: 1,
  frames: 2,
  bindings: 3,
  refcounts: 4,
  held: 5,
  previews: 6,
  fates: 7,
  patches: 8,
  refs: 9,
  refPreviews: 10,
  /** A str preview's text: length, code points copied, then up to MAX_CHARS code points. */
  texts: 11,
} as const;
export const REGIONS = 12;
/** Reference events the first region holds: a C call that makes more drains mid-call. */
export const REF_REGION_RECORDS = 8192;
/** Kinds of the patches region's records (kind, then up to five words). */
export const Patch = { frameEnd: 1, fin: 2, outputClose: 3 } as const;
export const PATCH_WIDTH = 6;

/** Pyodide's module also exports its linear memory (Emscripten's `wasmMemory`). */
type WithMemory = WasmModule & { memory: WebAssembly.Memory };

let compiled: WebAssembly.Module | null = null;

function tracerModule(): WebAssembly.Module {
  if (!compiled) {
    const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/** The module of one interpreter: its state block, its table entries, its exports. */
export interface WasmTracer {
  /** Byte address of the state block in linear memory. */
  readonly state: number;
  /** Byte addresses of the regions, in Region's order. */
  readonly regions: number[];
  /** Byte addresses of the code table and the slots' cell flags. */
  readonly codes: number;
  readonly cells: number;
  readonly maxCodes: number;
  readonly maxCells: number;
  /** The state block and what the tables use of it (words to clear before a run). */
  readonly stateBytes: number;
  /** Index of `onRef` in Pyodide's function table, for `_PyRefTracer_SetTracer`. */
  readonly fn: number;
  readonly onLine: BuiltinCallback;
  readonly onJump: BuiltinCallback;
  readonly onStart: BuiltinCallback;
  /** Index of the globals' dict watcher in the function table, for `PyDict_AddWatcher`. */
  readonly onGlobal: number;
  readonly exports: {
    bind(frame: number, name: number, address: number, previous: number, step: number): void;
    retract(obj: number): void;
    settle(): void;
    credit(): void;
    finish(last: number): void;
    /** A step at no line (its event: atexit or exit): the program is over and Python exits. 0 when not recording. */
    exitStep(event: number): number;
    walkInit(empty: number, cell: number, dict: number): void;
  };
}

/** What the WebAssembly calls in JavaScript, rarely. */
export interface TracerImports {
  /** The buffer is full: empty it (set the count back to 0) before returning. */
  drain: () => void;
  /** A callback while not recording: None, or 0 with the stop raised. */
  idle: () => number;
  /** Every 256 steps (and when the tracer is gone): 1 when the run must stop. */
  budget: (step: number) => number;
  /** Pyodide's `_PyRefTracer_GetTracer` export, which the module calls every 64 steps. */
  getTracer: (data: number) => number;
  /** A big int's preview for binding (region 6) or reference (region 10) `index`. */
  previewText: (index: number, obj: number, region: number) => void;
  retractDrained: (obj: number) => void;
  /** A class made at run time is being destroyed (ref event `seq`): read its name now. */
  typeGone: (obj: number, seq: number) => void;
  overflow: () => void;
  /** The JavaScript recorder's callbacks (mode 0). */
  jsLine: (args: number) => number;
  jsJump: (args: number) => number;
  jsStart: (args: number) => number;
  jsGlobal: (event: number, dict: number, key: number, value: number) => number;
  /** A new global's name index, or -2 for a dunder name. */
  globalName: (key: number) => number;
  /** The references walk's labels (./referenceLabels) and a type's object slots. */
  labelItem: (k: number) => number;
  labelText: (kind: number, k: number) => number;
  labelStr: (key: number, attr: number) => number;
  labelInt: (key: number) => number;
  members: (type: number, out: number, room: number) => number;
}

/**
 * Reserve the module's memory and instantiate it (once per interpreter, at boot, before
 * any user code). Until a recorder sets the mode, the callbacks go to JavaScript (`js*`)
 * and nothing is recorded.
 */
export function loadTracer(m: WasmModule, imports: TracerImports): WasmTracer {
  const memory = (m as WithMemory).memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error("Refscope could not find Pyodide's linear memory");
  const state = m._malloc(TRACER_BYTES);
  const instance = new WebAssembly.Instance(tracerModule(), { env: { memory }, recorder: { ...imports } });
  const e = instance.exports as Record<string, (...args: number[]) => number>;
  if (e.totalBytes!() > TRACER_BYTES) throw new Error("Refscope's recorder needs more memory than it reserves");
  e.init!(state);
  const words = state >>> 2;
  m.HEAPU32.fill(0, words, words + (e.stateBytes!() >>> 2));
  const at = (offset: number) => state + offset;
  const regions = Array.from({ length: REGIONS }, (_, r) => at(e.regionBase!(r)));
  if (e.regionRecords!(Region.ref) !== REF_REGION_RECORDS) throw new Error('tracerWasm.ts and assembly/recorder.ts disagree');
  return {
    state,
    regions,
    codes: at(e.codesAt!()),
    cells: at(e.cellsAt!()),
    maxCodes: e.maxCodes!(),
    maxCells: e.maxCells!(),
    stateBytes: e.stateBytes!(),
    // An exported WebAssembly function goes into the table as it is: CPython calls it wasm to wasm.
    fn: m.addFunction(e.onRef as (...args: number[]) => number, 'iiii'),
    onLine: { vectorcall: e.onLine as Vectorcall, cfunction: e.lineFunction as FastCall },
    onJump: { vectorcall: e.onJump as Vectorcall, cfunction: e.jumpFunction as FastCall },
    onStart: { vectorcall: e.onStart as Vectorcall, cfunction: e.startFunction as FastCall },
    onGlobal: m.addFunction(e.onGlobal as (...args: number[]) => number, 'iiiii'),
    exports: e as unknown as WasmTracer['exports'],
  };
}
