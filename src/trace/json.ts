/**
 * The saved trace: a versioned JSON document (docs/trace-format.md). Row-oriented and
 * self-describing so that it can be read by people and other tools; the in-memory model
 * stays columnar. `traceToJSON` and `traceFromJSON` are inverses.
 */
import { ObjectFlag, StepEvent, type OutputChunk, type RunEnd, type RunError, type TraceData } from './types';

export const TRACE_FORMAT = 'refscope-trace';
export const TRACE_VERSION = 1;

export type StepEventName = 'line' | 'call' | 'return';

export interface TraceStepJSON {
  line: number;
  function: string;
  depth: number;
  event: StepEventName;
  /** Present and true when an exception was raised during this step. */
  exception?: boolean;
  /** Index into `bytecode.codes` of the code object the step ran in (when bytecode is present). */
  code?: number;
}

export interface TraceBytecodeJSON {
  codes: Array<{
    name: string;
    firstLine: number;
    /** [offset, opname, argrepr, line] per instruction. */
    instructions: Array<[number, string, string, number | null]>;
  }>;
}

export interface TraceNameJSON {
  name: string;
  /** Index into `frames`; -1 for the module's globals. */
  frame: number;
  /** First step at which the name referred to the object. */
  from: number;
  /** Last step at which it did; null while still bound at the end of the trace. */
  to: number | null;
}

export interface TraceObjectJSON {
  address: number;
  type: string;
  size: number;
  born: number | null;
  died: number | null;
  finalized: number | null;
  preexisting: boolean;
  immortal: boolean;
  named: boolean;
  /** Was an item of a list or tuple bound to a name (shown by default like named objects). */
  held?: boolean;
  /** Short value preview of an immutable built-in bound to a name (`42`, `'abc'`), when known. */
  preview?: string;
  /** [step, refcount] pairs: the refcount from that step until the next pair. */
  refcounts: Array<[number, number]>;
  names: TraceNameJSON[];
}

export interface TraceFrameJSON {
  function: string;
  depth: number;
  enter: number;
  exit: number | null;
}

export interface TraceFileV1 {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  python: string;
  pyodide: string;
  seed: number;
  status: RunEnd;
  error: RunError | null;
  source: string;
  limits: { maxSteps: number; maxSeconds: number };
  allocator: string;
  elapsedMs: number;
  outputTruncated: boolean;
  stdout: OutputChunk[];
  steps: TraceStepJSON[];
  frames: TraceFrameJSON[];
  objects: TraceObjectJSON[];
  /** The program's bytecode (`dis`), when recorded. */
  bytecode?: TraceBytecodeJSON;
}

const orNull = (v: number | undefined): number | null => (v === undefined || v < 0 ? null : v);

export function traceToJSON(t: TraceData): TraceFileV1 {
  const str = (i: number | undefined) => t.strings[i ?? -1] ?? '?';
  const steps: TraceStepJSON[] = [];
  for (let s = 0; s < t.steps.line.length; s++) {
    const ev = t.steps.event[s] ?? 0;
    const step: TraceStepJSON = {
      line: t.steps.line[s] ?? 0,
      function: str(t.steps.func[s]),
      depth: t.steps.depth[s] ?? 0,
      event: ev & StepEvent.call ? 'call' : ev & StepEvent.return ? 'return' : 'line',
    };
    if (ev & StepEvent.exception) step.exception = true;
    if (t.bytecode) step.code = t.bytecode.stepCode[s] ?? -1;
    steps.push(step);
  }
  const names: TraceNameJSON[][] = Array.from({ length: t.objects.address.length }, () => []);
  for (let i = 0; i < t.bindings.obj.length; i++) {
    names[t.bindings.obj[i] ?? 0]?.push({
      name: str(t.bindings.name[i]),
      frame: t.bindings.frame[i] ?? -1,
      from: t.bindings.from[i] ?? 0,
      to: orNull(t.bindings.to[i]),
    });
  }
  const objects: TraceObjectJSON[] = [];
  for (let o = 0; o < t.objects.address.length; o++) {
    const flags = t.objects.flags[o] ?? 0;
    const refcounts: Array<[number, number]> = [];
    for (let i = t.refcounts.start[o] ?? 0; i < (t.refcounts.start[o + 1] ?? 0); i++) {
      refcounts.push([t.refcounts.step[i] ?? 0, t.refcounts.value[i] ?? 0]);
    }
    const preview = t.objects.preview?.[o];
    objects.push({
      ...(preview != null ? { preview } : {}),
      address: t.objects.address[o] ?? 0,
      type: str(t.objects.type[o]),
      size: t.objects.size[o] ?? 0,
      born: orNull(t.objects.born[o]),
      died: orNull(t.objects.died[o]),
      finalized: orNull(t.objects.finalized[o]),
      preexisting: (flags & ObjectFlag.preexisting) !== 0,
      immortal: (flags & ObjectFlag.immortal) !== 0,
      named: (flags & ObjectFlag.named) !== 0,
      ...((flags & ObjectFlag.held) !== 0 ? { held: true } : {}),
      refcounts,
      names: names[o] ?? [],
    });
  }
  const frames: TraceFrameJSON[] = [];
  for (let f = 0; f < t.frames.func.length; f++) {
    frames.push({
      function: str(t.frames.func[f]),
      depth: t.frames.depth[f] ?? 0,
      enter: t.frames.enter[f] ?? 0,
      exit: orNull(t.frames.exit[f]),
    });
  }
  const m = t.meta;
  const bytecode: TraceBytecodeJSON | undefined = t.bytecode && {
    codes: t.bytecode.codes.map((c) => ({
      name: c.name,
      firstLine: c.firstLine,
      instructions: c.instructions.map((i) => [i.offset, i.opname, i.argrepr, i.line] as [number, string, string, number | null]),
    })),
  };
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    python: m.python,
    pyodide: m.pyodide,
    seed: m.seed,
    status: m.status,
    error: m.error,
    source: m.source,
    limits: { maxSteps: m.maxSteps, maxSeconds: m.maxSeconds },
    allocator: m.allocator,
    elapsedMs: Math.round(m.elapsedMs * 10) / 10,
    outputTruncated: m.outputTruncated,
    stdout: t.output,
    steps,
    frames,
    objects,
    ...(bytecode ? { bytecode } : {}),
  };
}

/** Thrown for a document that is not a Refscope trace this version can read. */
export class TraceFormatError extends Error {}

const STATUSES: readonly RunEnd[] = ['completed', 'step-limit', 'time-limit', 'stopped', 'error'];

function need(cond: unknown, what: string): asserts cond {
  if (!cond) throw new TraceFormatError(`Not a valid Refscope trace: ${what}`);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isStep = (v: unknown): boolean => v === null || (isInt(v) && v >= 0);

/** Parse and validate a saved trace (a JSON string or an already parsed value). */
export function traceFromJSON(input: string | unknown): TraceData {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch {
      throw new TraceFormatError('Not a valid Refscope trace: the file is not JSON');
    }
  }
  need(typeof doc === 'object' && doc !== null, 'expected a JSON object');
  const d = doc as Partial<TraceFileV1>;
  need(d.format === TRACE_FORMAT, `"format" must be "${TRACE_FORMAT}"`);
  need(d.version === TRACE_VERSION, `unsupported version ${String(d.version)} (this Refscope reads ${TRACE_VERSION})`);
  need(typeof d.python === 'string' && typeof d.pyodide === 'string', '"python" and "pyodide" must be strings');
  need(isInt(d.seed), '"seed" must be an integer');
  need(STATUSES.includes(d.status as RunEnd), `"status" must be one of ${STATUSES.join(', ')}`);
  need(Array.isArray(d.steps) && Array.isArray(d.objects) && Array.isArray(d.stdout), '"steps", "objects" and "stdout" must be arrays');
  const frames = Array.isArray(d.frames) ? d.frames : [];

  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: unknown) => {
    const k = String(s);
    let i = index.get(k);
    if (i === undefined) {
      i = strings.push(k) - 1;
      index.set(k, i);
    }
    return i;
  };

  const n = d.steps.length;
  const steps = { line: new Int32Array(n), func: new Int32Array(n), depth: new Int32Array(n), event: new Uint8Array(n) };
  d.steps.forEach((s, i) => {
    need(s && isInt(s.line) && isInt(s.depth), `step ${i} needs integer "line" and "depth"`);
    steps.line[i] = s.line;
    steps.func[i] = intern(s.function);
    steps.depth[i] = s.depth;
    steps.event[i] =
      (s.event === 'call' ? StepEvent.call : s.event === 'return' ? StepEvent.return : 0) |
      (s.exception ? StepEvent.exception : 0);
  });

  const m = d.objects.length;
  const objects = {
    address: new Uint32Array(m),
    type: new Int32Array(m),
    size: new Int32Array(m),
    born: new Int32Array(m),
    died: new Int32Array(m),
    finalized: new Int32Array(m),
    flags: new Uint8Array(m),
  };
  const preview: Array<string | null> = [];
  const rcStart = new Int32Array(m + 1);
  const rcStep: number[] = [];
  const rcValue: number[] = [];
  const b = { obj: [] as number[], name: [] as number[], frame: [] as number[], from: [] as number[], to: [] as number[] };
  d.objects.forEach((o, i) => {
    need(o && isInt(o.address) && o.address >= 0, `object ${i} needs an integer "address"`);
    need(isStep(o.born) && isStep(o.died) && isStep(o.finalized ?? null), `object ${i}: born/died/finalized must be step numbers or null`);
    objects.address[i] = o.address;
    preview.push(typeof o.preview === 'string' ? o.preview : null);
    objects.type[i] = intern(o.type);
    objects.size[i] = isInt(o.size) ? o.size : 0;
    objects.born[i] = o.born ?? -1;
    objects.died[i] = o.died ?? -1;
    objects.finalized[i] = o.finalized ?? -1;
    objects.flags[i] =
      (o.preexisting ? ObjectFlag.preexisting : 0) |
      (o.immortal ? ObjectFlag.immortal : 0) |
      (o.named ? ObjectFlag.named : 0) |
      (o.held ? ObjectFlag.held : 0) |
      (o.finalized != null ? ObjectFlag.finalized : 0);
    for (const pair of Array.isArray(o.refcounts) ? o.refcounts : []) {
      need(Array.isArray(pair) && isInt(pair[0]) && isInt(pair[1]), `object ${i}: refcounts must be [step, value] pairs`);
      rcStep.push(pair[0]);
      rcValue.push(pair[1]);
    }
    rcStart[i + 1] = rcStep.length;
    for (const nm of Array.isArray(o.names) ? o.names : []) {
      need(nm && isInt(nm.from) && isInt(nm.frame), `object ${i}: names need "frame" and "from"`);
      b.obj.push(i);
      b.name.push(intern(nm.name));
      b.frame.push(nm.frame);
      b.from.push(nm.from);
      b.to.push(nm.to ?? -1);
    }
  });

  const f = frames.length;
  const fr = { func: new Int32Array(f), depth: new Int32Array(f), enter: new Int32Array(f), exit: new Int32Array(f) };
  frames.forEach((x, i) => {
    fr.func[i] = intern(x.function);
    fr.depth[i] = isInt(x.depth) ? x.depth : 0;
    fr.enter[i] = isInt(x.enter) ? x.enter : 0;
    fr.exit[i] = x.exit ?? -1;
  });

  const output: OutputChunk[] = d.stdout.map((c, i) => {
    need(c && isInt(c.step) && typeof c.text === 'string', `stdout chunk ${i} needs "step" and "text"`);
    return { step: c.step, stream: c.stream === 'stderr' ? 'stderr' : 'stdout', text: c.text };
  });

  let bytecode: TraceData['bytecode'];
  if (d.bytecode && Array.isArray(d.bytecode.codes)) {
    const stepCode = new Int32Array(n);
    d.steps.forEach((s, i) => (stepCode[i] = isInt(s.code) ? s.code : -1));
    bytecode = {
      codes: d.bytecode.codes.map((c, i) => {
        need(c && Array.isArray(c.instructions), `bytecode code ${i} needs "instructions"`);
        return {
          name: String(c.name),
          firstLine: isInt(c.firstLine) ? c.firstLine : 0,
          instructions: c.instructions.map(([offset, opname, argrepr, line]) => ({
            offset: Number(offset),
            opname: String(opname),
            argrepr: String(argrepr ?? ''),
            line: isInt(line) ? line : null,
          })),
        };
      }),
      stepCode,
    };
  }

  return {
    ...(bytecode ? { bytecode } : {}),
    meta: {
      python: d.python,
      pyodide: d.pyodide,
      seed: d.seed,
      source: typeof d.source === 'string' ? d.source : '',
      status: d.status as RunEnd,
      error: d.error ?? null,
      maxSteps: d.limits?.maxSteps ?? 0,
      maxSeconds: d.limits?.maxSeconds ?? 0,
      allocator: d.allocator ?? '',
      elapsedMs: d.elapsedMs ?? 0,
      outputTruncated: d.outputTruncated ?? false,
    },
    strings,
    steps,
    objects: preview.some((p) => p !== null) ? { ...objects, preview } : objects,
    refcounts: { start: rcStart, step: Int32Array.from(rcStep), value: Int32Array.from(rcValue) },
    bindings: {
      obj: Int32Array.from(b.obj),
      name: Int32Array.from(b.name),
      frame: Int32Array.from(b.frame),
      from: Int32Array.from(b.from),
      to: Int32Array.from(b.to),
    },
    frames: fr,
    output,
  };
}
