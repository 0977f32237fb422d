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
import type { WasmModule } from './wasm';

/** Word offsets in the state block (./assembly/recorder.ts lists them in bytes). */
export const TracerState = {
  active: 0,
  step: 1,
  count: 4,
  capacity: 5,
  buffer: 6,
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
  watchLength: 25,
  refsIdle: 26,
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
  lastRef: 50,
  prevRef: 51,
} as const;
/** Words of the header (the tables follow). */
const HEADER_WORDS = 64;
/** Bytes reserved for the state block and the buffer (see above: why this size). */
const TRACER_BYTES = 1 << 20;
/** 32-bit words per record (the first is payload << 4 | kind). */
export const RECORD_WORDS = 8;

/** Record kinds (./assembly/recorder.ts). */
export const RecordKind = {
  create: 0,
  destroy: 1,
  step: 2,
  frame: 3,
  frameEnd: 4,
  bind: 5,
  refcount: 6,
  held: 7,
  fin: 8,
  preview: 9,
  fate: 10,
  outputClose: 11,
} as const;

/** Byte offsets of the tables (./assembly/recorder.ts). */
const MAX_STACK = 4096;
export const TracerTables = {
  codes: 256 + MAX_STACK * 5 * 4 + MAX_STACK * 4,
  maxCodes: 1024,
  cells: 256 + MAX_STACK * 5 * 4 + MAX_STACK * 4 + 1024 * 16,
  maxCells: 32768,
  watch: 256 + MAX_STACK * 5 * 4 + MAX_STACK * 4 + 1024 * 16 + 32768 + 32768 * 4,
  watchWords: 6,
} as const;
/** Bytes before the record buffer: the watch list, 64 pending blocks of 7 words, the globals' table and values. */
export const STATE_BYTES = TracerTables.watch + 4096 * TracerTables.watchWords * 4 + 64 * 7 * 4 + 4096 * 8 + 4096 * 4;
/** Records the buffer holds before the module asks JavaScript to drain it. */
export const TRACER_RECORDS = Math.floor((TRACER_BYTES - STATE_BYTES) / (RECORD_WORDS * 4));

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

/** A sys.monitoring callback's C function: (self, args, nargs) → PyObject* or 0. */
type Callback = (self: number, args: number, nargs: number) => number;

/** The module of one interpreter: its state block, its table entry, its exports. */
export interface WasmTracer {
  /** Byte address of the state block in linear memory. */
  readonly state: number;
  /** Index of `onRef` in Pyodide's function table, for `_PyRefTracer_SetTracer`. */
  readonly fn: number;
  readonly onLine: Callback;
  readonly onJump: Callback;
  readonly onStart: Callback;
  /** Index of the globals' dict watcher in the function table, for `PyDict_AddWatcher`. */
  readonly onGlobal: number;
  readonly exports: {
    bind(frame: number, name: number, address: number, previous: number, step: number): void;
    retract(obj: number): void;
    settle(): void;
    credit(): void;
    finish(last: number): void;
  };
}

/** What the WebAssembly calls in JavaScript, rarely. */
export interface TracerImports {
  /** The buffer is full: empty it (set the count back to 0) before returning. */
  drain: () => void;
  /** A callback while not recording: None, or 0 with the stop raised. */
  idle: () => number;
  /** Every 64 steps: 1 when the run must stop. */
  budget: (step: number) => number;
  previewText: (binding: number, obj: number) => void;
  visit: (step: number) => void;
  retractDrained: (obj: number) => void;
  overflow: () => void;
  /** The JavaScript recorder's callbacks (mode 0). */
  jsLine: (args: number) => number;
  jsJump: (args: number) => number;
  jsStart: (args: number) => number;
  jsGlobal: (event: number, dict: number, key: number, value: number) => number;
  /** A new global's name index, or -2 for a dunder name. */
  globalName: (key: number) => number;
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
  e.init!(state);
  // The tables' offsets here must be the module's.
  if (e.stateBytes!() !== STATE_BYTES) throw new Error('tracerWasm.ts and assembly/recorder.ts disagree on the state block');
  const words = state >>> 2;
  m.HEAPU32.fill(0, words, words + HEADER_WORDS);
  m.HEAPU32[words + TracerState.capacity] = TRACER_RECORDS;
  m.HEAPU32[words + TracerState.buffer] = state + STATE_BYTES;
  // An exported WebAssembly function goes into the table as it is: CPython calls it wasm to wasm.
  const fn = m.addFunction(e.onRef as (...args: number[]) => number, 'iiii');
  return {
    state,
    fn,
    onLine: e.onLine as Callback,
    onJump: e.onJump as Callback,
    onStart: e.onStart as Callback,
    onGlobal: m.addFunction(e.onGlobal as (...args: number[]) => number, 'iiiii'),
    exports: e as unknown as WasmTracer['exports'],
  };
}
