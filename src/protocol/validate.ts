import { INTERPRETER_BOOTS, type WorkerToPage } from './messages';
import { REFERENCE_COLUMNS, TRACE_COLUMNS } from '../trace/columns';
import { RUN_ENDS, type OutputChunk, type RunEnd, type TraceData } from '../trace/types';
import type { WireTrace } from './transfer';

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
 * The common length of a group's columns (trace/columns lists them all), or -1 when one is
 * missing, of another kind, or of another length. The page's panels index these freely, so
 * a column of the wrong kind or length is refused here.
 */
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
  const steps = groupLength(x.steps, TRACE_COLUMNS.steps);
  const objects = groupLength(x.objects, TRACE_COLUMNS.objects);
  if (steps < 0 || objects < 0 || groupLength(x.bindings, TRACE_COLUMNS.bindings) < 0 || groupLength(x.frames, TRACE_COLUMNS.frames) < 0) {
    return false;
  }
  const preview = (x.objects as Data).preview;
  if (preview !== undefined && !(Array.isArray(preview) && preview.length === objects && preview.every((p) => p === null || isString(p)))) {
    return false;
  }
  const chunk = (x.objects as Data).chunk;
  if (chunk !== undefined && !(chunk instanceof Int32Array && chunk.length === objects)) return false;
  const { blockFate, blockValue, blockStep } = x.objects as Data;
  if (blockFate !== undefined || blockValue !== undefined || blockStep !== undefined) {
    if (!(blockFate instanceof Uint8Array && blockFate.length === objects)) return false;
    if (!(blockValue instanceof Int32Array && blockValue.length === objects)) return false;
    if (!(blockStep instanceof Int32Array && blockStep.length === objects)) return false;
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
  return isReferences(x.references, objects, x.strings.length) && isBytecode(x.bytecode, steps);
}

/** Packed output (../protocol/transfer): columns of one length, text ends in order and inside the text. */
function isPackedOutput(x: unknown): boolean {
  if (!isObject(x) || typeof x.text !== 'string') return false;
  const { step, stderr, ends, text } = x;
  if (!(step instanceof Int32Array && stderr instanceof Uint8Array && ends instanceof Uint32Array)) return false;
  if (stderr.length !== step.length || ends.length !== step.length) return false;
  let last = 0;
  for (const end of ends) {
    if (end < last) return false;
    last = end;
  }
  return last <= text.length;
}

/** A trace in the form a worker sends it (`WireTrace`): `isTrace` with its output packed. */
export function isWireTrace(x: unknown): x is WireTrace {
  return isObject(x) && isPackedOutput(x.output) && isTrace({ ...x, output: [] });
}

/** Absent, or references between objects of this trace with labels from its strings. */
function isReferences(x: unknown, objects: number, strings: number): boolean {
  if (x === undefined) return true;
  if (groupLength(x, REFERENCE_COLUMNS) < 0) return false;
  const r = x as { holder: Int32Array; label: Int32Array; target: Int32Array };
  for (let i = 0; i < r.holder.length; i++) {
    const h = r.holder[i]!;
    const t = r.target[i]!;
    const l = r.label[i]!;
    if (h < 0 || h >= objects || t < 0 || t >= objects || l < 0 || l >= strings) return false;
  }
  return true;
}

/**
 * Checks the shape of a message from a worker before the page trusts it. The port is
 * private, but a worker runs arbitrary user code, so nothing is taken on faith.
 */
export function parseWorkerMessage(data: unknown): WorkerToPage | null {
  if (!isObject(data) || typeof data.type !== 'string') return null;
  switch (data.type) {
    case 'ready':
      return typeof data.python === 'string' &&
        typeof data.pyodide === 'string' &&
        isNumber(data.loadMs) &&
        (INTERPRETER_BOOTS as readonly unknown[]).includes(data.boot)
        ? (data as unknown as WorkerToPage)
        : null;
    case 'output':
      return isNumber(data.runId) && Array.isArray(data.chunks) && data.chunks.every(isChunk)
        ? (data as unknown as WorkerToPage)
        : null;
    case 'progress':
    case 'ended':
      return isNumber(data.runId) && isNumber(data.steps) && (data.startedAt === undefined || isNumber(data.startedAt))
        ? (data as unknown as WorkerToPage)
        : null;
    case 'done':
      return isNumber(data.runId) && isWireTrace(data.trace) ? (data as unknown as WorkerToPage) : null;
    case 'snapshot':
      return data.bytes instanceof Uint8Array && data.bytes.length > 0 ? (data as unknown as WorkerToPage) : null;
    case 'failed':
      return typeof data.message === 'string' ? (data as unknown as WorkerToPage) : null;
    default:
      return null;
  }
}
