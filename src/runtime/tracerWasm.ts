/**
 * The recorder's WebAssembly (./tracer.wat): the reference tracer and the PY_START fast
 * path; loading them into an interpreter, and the layout of what they share with the
 * recorder.
 *
 * Why: CPython calls the reference tracer for every object created and destroyed, millions
 * of times a run. A JavaScript tracer costs a WebAssembly → JavaScript call per event; this
 * one is a WebAssembly function in Pyodide's function table, called wasm to wasm, that
 * writes records into linear memory. The recorder drains them (Recorder.drainTracer) when
 * its own JavaScript callbacks run, or when the buffer is full.
 *
 * The reservation: the state block and the record buffer are one `malloc` of 1 MiB per
 * interpreter, made at boot (./boot.ts) before the setup script runs and long before any
 * user program, and never freed. Why it cannot change what a program does:
 * - it is made at the same point of every boot, whichever tracer the run uses, so every
 *   engine starts the user's program from the same heap;
 * - 1 MiB is larger than any free chunk after boot, so dlmalloc serves it from its top
 *   chunk: the free chunks and bins the program's objects come from are left as they were
 *   (a smaller buffer, 48 KiB, was carved out of a free chunk in the middle of the heap and
 *   moved later objects: the shipped recordings changed). Allocations that do reach the
 *   top are moved by the same amount, which keeps ids' equality pattern;
 * - what the tracer writes while the program runs goes into that block only: no
 *   allocation, no Python object, no Python code.
 * The fidelity corpus and the fuzz test check the ids' pattern against uninstrumented
 * runs; src/cli/record.test.ts checks that traces are the ones recorded before this
 * tracer existed (public/recordings, byte for byte but the wall time).
 */
import type { BlockWatch } from './blocks';
import type { Records } from './columns';
import { WASM_BASE64 } from './tracer.wasm';
import type { WasmModule } from './wasm';
import { RefEvent } from '../trace/raw';

/** Word offsets in the state block (tracer.wat lists them in bytes). */
export const TracerState = {
  active: 0,
  step: 1,
  ignore1: 2,
  ignore2: 3,
  count: 4,
  capacity: 5,
  buffer: 6,
  pendObj: 7,
  pendSlot: 8,
  settled: 9,
  settledValue: 10,
  depth: 11,
  frameSlot: 12,
  outputOpen: 13,
  lastObj: 14,
  lastCreate: 15,
  none: 16,
  stack: 32,
} as const;
/** Shadow-stack frames mirrored for the PY_START fast path; deeper stacks ask JavaScript. */
export const TRACER_STACK = 256;
/** Bytes reserved for the state block and the buffer (see above: why this size). */
const TRACER_BYTES = 1 << 20;
/** 32-bit words per record: step << 1 | event, object, type, third word, chunk size, block. */
export const TRACER_RECORD_WORDS = 6;
const STATE_BYTES = (TracerState.stack + TRACER_STACK) * 4;
/** Records the buffer holds before the tracer asks JavaScript to drain it (43,642). */
export const TRACER_RECORDS = Math.floor((TRACER_BYTES - STATE_BYTES) / (TRACER_RECORD_WORDS * 4));

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

/** The tracer of one interpreter: its state block's address and its table entry. */
export interface WasmTracer {
  /** Byte address of the state block in linear memory. */
  readonly state: number;
  /** Index of `onRef` in Pyodide's function table, for `_PyRefTracer_SetTracer`. */
  readonly fn: number;
  /** The PY_START callback's C function (self, args, nargs), for `makeBuiltin`. */
  readonly onStart: (self: number, args: number, nargs: number) => number;
}

/** What the WebAssembly calls in JavaScript, rarely. */
export interface TracerImports {
  /** The buffer is full: empty it (set the count back to 0) before returning. */
  drain: () => void;
  /** PY_START when the fast path cannot answer: Recorder.onStart. */
  start: (self: number, args: number, nargs: number) => number;
}

/**
 * Reserve the tracer's memory and instantiate it (once per interpreter, at boot, before
 * any user code). Until a recorder mirrors itself into the state block (`active`), every
 * PY_START goes to `imports.start` and the tracer records nothing.
 */
export function loadTracer(m: WasmModule, imports: TracerImports): WasmTracer {
  const memory = (m as WithMemory).memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error("Refscope could not find Pyodide's linear memory");
  const state = m._malloc(TRACER_BYTES);
  const words = state >>> 2;
  m.HEAPU32.fill(0, words, words + STATE_BYTES / 4);
  m.HEAPU32[words + TracerState.capacity] = TRACER_RECORDS;
  m.HEAPU32[words + TracerState.buffer] = state + STATE_BYTES;
  const instance = new WebAssembly.Instance(tracerModule(), {
    env: { memory },
    recorder: { ...imports, state: new WebAssembly.Global({ value: 'i32', mutable: false }, state) },
  });
  // An exported WebAssembly function goes into the table as it is: CPython calls it wasm to wasm.
  const fn = m.addFunction(instance.exports.onRef as (...args: number[]) => number, 'iiii');
  return { state, fn, onStart: instance.exports.onStart as WasmTracer['onStart'] };
}

/**
 * The recorder's side of the WebAssembly tracer: what it mirrors into the state block (the
 * step, whether it records, the shadow stack, the output window, its last record) and the
 * drain that brings the tracer's records into its columns. Owned by one Recorder.
 */
export class TracerLink {
  /** Word index of the state block. */
  private readonly s: number;
  /** Record index of the tracer's pending creation, once drained. */
  private pending = 0;
  private heap: Uint32Array;

  constructor(
    private readonly m: WasmModule,
    state: number,
    private readonly ref: Records,
    private readonly blocks: BlockWatch,
    currentFramePointer: number,
  ) {
    this.s = state >>> 2;
    this.heap = m.HEAPU32;
    this.heap.fill(0, this.s + TracerState.depth, this.s + TracerState.none);
    this.heap[this.s + TracerState.frameSlot] = currentFramePointer;
  }

  private u32(): Uint32Array {
    let h = this.heap;
    if (h.length === 0) h = this.heap = this.m.HEAPU32;
    return h;
  }

  /** The tracer records when Recorder.onRef would (recording, after the first line), at `step`. */
  mirror(step: number, recording: boolean): void {
    const h = this.u32();
    h[this.s + TracerState.step] = step;
    h[this.s + TracerState.active] = recording && step >= 0 ? 1 : 0;
  }

  /**
   * Bring in the records the tracer wrote since the last drain, in order, as Recorder.onRef
   * would have written them, and feed them to the block watch. The recorder calls it first
   * in every callback that reads or writes the recording (so `ref.count` is right there);
   * the tracer calls it when its buffer is full.
   */
  drain(): void {
    const h = this.u32();
    const s = this.s;
    if (h[s + TracerState.settled] !== 0) {
      // The tracer settled a pending creation already drained.
      this.ref.set(this.pending, 3, h[s + TracerState.settledValue]! | 0);
      h[s + TracerState.settled] = 0;
    }
    const n = h[s + TracerState.count] ?? 0;
    if (n === 0) return;
    const ref = this.ref;
    let r = (h[s + TracerState.buffer] ?? 0) >>> 2;
    for (let i = 0; i < n; i++, r += TRACER_RECORD_WORDS) {
      const kind = h[r]!;
      const obj = h[r + 1]!;
      const type = h[r + 2]!;
      const chunk = h[r + 4]!;
      const destroy = (kind & 1) === RefEvent.destroy;
      const at = ref.next();
      const data = ref.data;
      data[at] = kind;
      data[at + 1] = obj;
      data[at + 2] = type;
      data[at + 3] = h[r + 3]!;
      data[at + 4] = destroy ? 0 : chunk;
      this.blocks.onEvent(ref.count - 1, kind >>> 1, obj, type, destroy, h[r + 5]!, chunk);
    }
    h[s + TracerState.count] = 0;
    if (h[s + TracerState.pendObj] !== 0 && h[s + TracerState.pendSlot] !== 0) {
      // The last record is a creation still to settle: from now on, in the columns.
      this.pending = ref.count - 1;
      h[s + TracerState.pendSlot] = 0;
    }
    this.mirrorLastRecord();
  }

  /** Settle the drained pending creation's third word now (Recorder.settleWord). */
  settle(): void {
    const h = this.u32();
    const obj = h[this.s + TracerState.pendObj] ?? 0;
    if (obj === 0) return;
    this.ref.set(this.pending, 3, h[(obj >>> 2) + 2] ?? 0);
    h[this.s + TracerState.pendObj] = 0;
  }

  /**
   * The recorder retracted the last record, the creation of `obj`, a boxed line number
   * (Recorder.retractLineInt): nothing to settle, and its destruction is to be skipped.
   */
  retracted(obj: number): void {
    const h = this.u32();
    const s = this.s;
    h[s + TracerState.pendObj] = 0;
    h[s + TracerState.ignore2] = h[s + TracerState.ignore1]!;
    h[s + TracerState.ignore1] = obj;
    this.mirrorLastRecord();
  }

  outputOpen(open: boolean): void {
    this.u32()[this.s + TracerState.outputOpen] = open ? 1 : 0;
  }

  /** Frame `i` of the shadow stack is now `frame`. */
  frame(i: number, frame: number): void {
    if (i < TRACER_STACK) this.u32()[this.s + TracerState.stack + i] = frame;
  }

  /** The shadow stack holds `depth` frames. */
  depth(depth: number): void {
    this.u32()[this.s + TracerState.depth] = depth;
  }

  /** The columns' last record, for the PY_START fast path's retract check (tracer.wat). */
  private mirrorLastRecord(): void {
    const h = this.u32();
    const last = this.ref.count - 1;
    h[this.s + TracerState.lastObj] = last < 0 ? 0 : this.ref.get(last, 1);
    h[this.s + TracerState.lastCreate] = last >= 0 && (this.ref.get(last, 0) & 1) === RefEvent.create ? 1 : 0;
  }
}
