import type { WorkerToPage } from '../protocol/messages';
import type { OutputChunk, RunEnd, TraceData } from '../trace/types';

const RUN_ENDS: readonly RunEnd[] = ['completed', 'step-limit', 'time-limit', 'stopped', 'error'];

type Data = Record<string, unknown>;

const isObject = (x: unknown): x is Data => typeof x === 'object' && x !== null;
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function isChunk(x: unknown): x is OutputChunk {
  return (
    isObject(x) &&
    isNumber(x.step) &&
    (x.stream === 'stdout' || x.stream === 'stderr') &&
    typeof x.text === 'string'
  );
}

type ArrayType = typeof Int32Array | typeof Uint32Array | typeof Uint8Array;

/**
 * Every column group of a trace: its typed-array columns, each of one length. The page's
 * panels index these freely, so a column of the wrong kind or length is refused here.
 */
const COLUMNS: Record<string, Record<string, ArrayType>> = {
  steps: { line: Int32Array, func: Int32Array, depth: Int32Array, event: Uint8Array },
  objects: {
    address: Uint32Array,
    type: Int32Array,
    size: Int32Array,
    born: Int32Array,
    died: Int32Array,
    finalized: Int32Array,
    flags: Uint8Array,
  },
  bindings: { obj: Int32Array, name: Int32Array, frame: Int32Array, from: Int32Array, to: Int32Array },
  frames: { func: Int32Array, depth: Int32Array, enter: Int32Array, exit: Int32Array },
};

/** The common length of a group's columns, or -1 when one is missing or of another kind. */
function groupLength(group: unknown, columns: Record<string, ArrayType>): number {
  if (!isObject(group)) return -1;
  let length = -1;
  for (const [name, type] of Object.entries(columns)) {
    const column = group[name];
    if (!(column instanceof type)) return -1;
    if (length >= 0 && column.length !== length) return -1;
    length = column.length;
  }
  return length;
}

const isString = (x: unknown): x is string => typeof x === 'string';

function isRunError(x: unknown): boolean {
  return (
    isObject(x) &&
    isString(x.type) &&
    isString(x.message) &&
    (x.line === null || isNumber(x.line)) &&
    Array.isArray(x.traceback) &&
    x.traceback.every((f) => isObject(f) && isNumber(f.line) && isString(f.function))
  );
}

function isMeta(x: unknown): boolean {
  return (
    isObject(x) &&
    RUN_ENDS.includes(x.status as RunEnd) &&
    (x.error === null || isRunError(x.error)) &&
    isString(x.python) &&
    isString(x.pyodide) &&
    isString(x.source) &&
    isString(x.allocator) &&
    isNumber(x.seed) &&
    isNumber(x.maxSteps) &&
    isNumber(x.maxSeconds) &&
    isNumber(x.elapsedMs) &&
    typeof x.outputTruncated === 'boolean'
  );
}

function isBytecode(x: unknown, steps: number): boolean {
  if (x === undefined) return true;
  return (
    isObject(x) &&
    x.stepCode instanceof Int32Array &&
    x.stepCode.length === steps &&
    Array.isArray(x.codes) &&
    x.codes.every(
      (c) =>
        isObject(c) &&
        isString(c.name) &&
        isNumber(c.firstLine) &&
        Array.isArray(c.instructions) &&
        c.instructions.every(
          (i) => isObject(i) && isNumber(i.offset) && isString(i.opname) && isString(i.argrepr) && (i.line === null || isNumber(i.line)),
        ),
    )
  );
}

/**
 * A whole trace from a worker: the meta, every column with its type and length, the
 * strings, the output and the bytecode. A program can reach its worker's globals, so a
 * forged trace must not be able to break the page; it can at most misdescribe its own run.
 */
export function isTrace(x: unknown): x is TraceData {
  if (!isObject(x) || !isMeta(x.meta)) return false;
  if (!Array.isArray(x.strings) || !x.strings.every(isString)) return false;
  if (!Array.isArray(x.output) || !x.output.every(isChunk)) return false;
  const steps = groupLength(x.steps, COLUMNS.steps!);
  const objects = groupLength(x.objects, COLUMNS.objects!);
  if (steps < 0 || objects < 0 || groupLength(x.bindings, COLUMNS.bindings!) < 0 || groupLength(x.frames, COLUMNS.frames!) < 0) {
    return false;
  }
  const preview = (x.objects as Data).preview;
  if (preview !== undefined && !(Array.isArray(preview) && preview.length === objects && preview.every((p) => p === null || isString(p)))) {
    return false;
  }
  const rc = x.refcounts;
  if (!isObject(rc) || !(rc.start instanceof Int32Array) || rc.start.length !== objects + 1) return false;
  if (!(rc.step instanceof Int32Array) || !(rc.value instanceof Int32Array) || rc.step.length !== rc.value.length) return false;
  // Every object's samples lie inside the sample arrays, in order.
  for (let o = 0; o < objects; o++) {
    const from = rc.start[o]!;
    const to = rc.start[o + 1]!;
    if (from < 0 || to < from || to > rc.step.length) return false;
  }
  return isBytecode(x.bytecode, steps);
}

/**
 * Checks the shape of a message from a worker before the page trusts it. The port is
 * private, but a worker runs arbitrary user code, so nothing is taken on faith.
 */
export function parseWorkerMessage(data: unknown): WorkerToPage | null {
  if (!isObject(data) || typeof data.type !== 'string') return null;
  switch (data.type) {
    case 'ready':
      return typeof data.python === 'string' && typeof data.pyodide === 'string' && isNumber(data.loadMs)
        ? (data as unknown as WorkerToPage)
        : null;
    case 'output':
      return isNumber(data.runId) && Array.isArray(data.chunks) && data.chunks.every(isChunk)
        ? (data as unknown as WorkerToPage)
        : null;
    case 'progress':
      return isNumber(data.runId) && isNumber(data.steps) ? (data as unknown as WorkerToPage) : null;
    case 'done':
      return isNumber(data.runId) && isTrace(data.trace) ? (data as unknown as WorkerToPage) : null;
    case 'failed':
      return typeof data.message === 'string' ? (data as unknown as WorkerToPage) : null;
    default:
      return null;
  }
}
