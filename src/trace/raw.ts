/**
 * The raw record of one traced run, exactly as the instrumentation heard it: addresses,
 * not objects. `src/trace/build.ts` turns it into the TraceData model after the run, so
 * that the hot path during the run only appends numbers to typed arrays.
 *
 * Every event carries `seq`, the number of reference-tracer events recorded before it,
 * which orders bindings, refcount samples and finalizers against creations and
 * destructions exactly (a step alone is too coarse: one line can free an object and
 * hand its address to the next).
 */
import type { TypeInfo } from './build';
import type { OutputChunk, RunEnd, RunError } from './types';

export interface FreedType {
  seq: number;
  address: number;
  info: TypeInfo;
}

export const RefEvent = { create: 0, destroy: 1 } as const;

export interface CodeInfo {
  name: string;
  /** Names of the frame's local slots (co_varnames + cellvars + freevars order). */
  slotNames: string[];
  /** Per slot: 0 a plain local, 1 a cell (closure variable) to dereference, 2 not shown (CPython's own dunder slots). */
  slotIsCell: number[];
}

export interface Recording {
  codes: CodeInfo[];
  /**
   * Reference tracer events: step << 1 | kind, address, type pointer, the word at +8 (size /
   * int tag, read once CPython has set it), and for creations the malloc chunk size (0: none
   * found; absent in recordings made before Refscope read it).
   */
  ref: { stepKind: Int32Array; address: Uint32Array; type: Uint32Array; word: Int32Array; chunk?: Int32Array };
  steps: { line: Int32Array; code: Int32Array; depth: Int32Array; event: Uint8Array };
  frames: { code: Int32Array; depth: Int32Array; enter: Int32Array; exit: Int32Array };
  /** Binding changes: at `seq`/`step`, name `name` (slot index or global name) in `frame` (-1 globals) now refers to `address` (0: unbound). */
  bindings: {
    seq: Int32Array;
    step: Int32Array;
    frame: Int32Array;
    name: Int32Array;
    address: Uint32Array;
    type: Uint32Array;
  };
  /** Interned strings for global names (bindings with frame -1 index into this). */
  globalNames: string[];
  /** Items seen in named lists and tuples: at `seq`, the object at `item` (of type pointer `type`) was held by one. */
  held: { seq: Int32Array; step: Int32Array; item: Uint32Array; type?: Uint32Array };
  /**
   * Reference changes (runtime/references.ts): at `seq`/`step`, `holder` started (open 1) or
   * stopped (open 0) referring to `target` through `labels[label]`; an open at step s means
   * held from s, a close at step s held until s - 1. Previews of targets at their opens.
   * Absent in recordings made before Refscope read references.
   */
  references?: {
    seq: Int32Array;
    step: Int32Array;
    holder: Uint32Array;
    label: Int32Array;
    target: Uint32Array;
    holderType: Uint32Array;
    targetType: Uint32Array;
    open: Int32Array;
    labels: string[];
    previews: { ref: Int32Array; kind: Int32Array; a: Int32Array; b: Int32Array };
  };
  /** Value previews of objects bound (immutable built-ins only), in binding order: see trace/preview.ts. */
  previews: { binding: Int32Array; kind: Int32Array; a: Int32Array; b: Int32Array; texts: string[] };
  refcounts: { seq: Int32Array; step: Int32Array; address: Uint32Array; value: Int32Array };
  /** `__del__` calls: the object at `address` is finalized in frame record `frame`. */
  finalizers: { seq: Int32Array; step: Int32Array; address: Uint32Array; frame: Int32Array; type?: Uint32Array };
  /**
   * Ref-event seq ranges [start, end) during which sys.stdout's or sys.stderr's own write or
   * flush ran: objects created in one are the output stream's (ObjectFlag.outputPath). Absent
   * in recordings made before Refscope watched the stream.
   */
  outputWindows?: { start: Int32Array; end: Int32Array };
  /**
   * Where destroyed objects' blocks went (runtime/blocks.ts): the destroy event's seq, the
   * `BlockFate`, its value (a creation's seq, or bytes) and the step it was seen (-1 at the
   * end). Absent in recordings made before Refscope followed blocks.
   */
  blocks?: { seq: Int32Array; fate: Int32Array; value: Int32Array; step: Int32Array };
  /**
   * Classes the run freed, read as they were destroyed (`seq` their destroy event), in
   * order: the builder reads every other type's name after the run, from memory a freed
   * class no longer owns (Python's exit frees every class the program made).
   */
  freedTypes?: FreedType[];
  output: OutputChunk[];
  outputTruncated: boolean;
  status: RunEnd;
  error: RunError | null;
  elapsedMs: number;
}
