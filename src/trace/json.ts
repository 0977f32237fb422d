/**
 * The saved trace: a versioned JSON document (docs/trace-format.md). Row-oriented and
 * self-describing so that it can be read by people and other tools; the in-memory model
 * stays columnar. `traceToJSON` and `traceFromJSON` are inverses.
 */
import { decodeBytecode, encodeBytecode, type BytecodeTuples } from './bytecode';
import { allocateColumns, REFERENCE_COLUMNS } from './columns';
import { TraceFormatError } from './sniff';
import { BlockFate, ObjectFlag, tookByObject, RUN_ENDS, StepEvent, type OutputChunk, type RunEnd, type RunError, type TraceData } from './types';

export const TRACE_FORMAT = 'refscope-trace';
export const TRACE_VERSION = 1;

/** 'atexit' and 'exit': the steps of Python's exit, after the program's last line (line 0). */
export type StepEventName = 'line' | 'call' | 'return' | 'atexit' | 'exit';
const NAMED_EVENTS = { call: StepEvent.call, return: StepEvent.return, atexit: StepEvent.atexit, exit: StepEvent.exit } as const;

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

/** The bytecode in a file: one [offset, opname, argrepr, line] tuple per instruction (trace/bytecode). */
export type TraceBytecodeJSON = BytecodeTuples;

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
  /** Bytes malloc reserved for the object's block (chunk size); absent when unknown. */
  chunk?: number;
  born: number | null;
  died: number | null;
  /**
   * Where the block went after the object died (BlockFate): `object` (index into `objects`),
   * `allocation` / `merged` (bytes, 0 unknown), `free`, `kept`; absent when unknown.
   */
  blockNext?: TraceBlockNextJSON;
  finalized: number | null;
  preexisting: boolean;
  immortal: boolean;
  named: boolean;
  /** Was an item of a list or tuple bound to a name (shown by default like named objects). */
  held?: boolean;
  /** Made by print or sys.stdout/sys.stderr's own write, not by the program (ObjectFlag.outputPath). */
  outputPath?: boolean;
  /** Short value preview of an immutable built-in bound to a name (`42`, `'abc'`), when known. */
  preview?: string;
  /** [step, refcount] pairs: the refcount from that step until the next pair. */
  refcounts: Array<[number, number]>;
  names: TraceNameJSON[];
}

export interface TraceBlockNextJSON {
  kind: BlockFateName;
  /** The object that took the block (kind `object`, or `freeList`: it came off the type's free list). */
  object?: number;
  /** Bytes of the non-object allocation or of the merged free chunk (0: unknown). */
  bytes?: number;
  /** Step at which it happened; absent for `free` and `kept` (known at the end). */
  step?: number;
}

/** BlockFate by name, in the JSON format; index = BlockFate value. */
const BLOCK_FATES = ['unknown', 'object', 'allocation', 'merged', 'free', 'kept', 'freeList'] as const;
type BlockFateName = Exclude<(typeof BLOCK_FATES)[number], 'unknown'>;

function blockNextJSON(t: TraceData, o: number): TraceBlockNextJSON | null {
  const fate = t.objects.blockFate?.[o] ?? 0;
  if (fate === BlockFate.unknown || fate >= BLOCK_FATES.length) return null;
  const value = t.objects.blockValue?.[o] ?? 0;
  const step = t.objects.blockStep?.[o] ?? -1;
  return {
    kind: BLOCK_FATES[fate] as BlockFateName,
    ...(tookByObject(fate) ? { object: value } : {}),
    ...(fate === BlockFate.allocation || fate === BlockFate.merged ? { bytes: value } : {}),
    ...(step >= 0 ? { step } : {}),
  };
}

/**
 * One object → object reference: `objects[holder]` referred to `objects[target]` through
 * `label` from step `from` to step `to` inclusive (null: still held at the end). The
 * addresses repeat the objects' own, for readers that go by address.
 */
export interface TraceReferenceJSON {
  holder: number;
  holderAddress: number;
  label: string;
  target: number;
  targetAddress: number;
  from: number;
  to: number | null;
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
  /** Object → object references, when recorded (absent in files made before Refscope read them). */
  references?: TraceReferenceJSON[];
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
      event: (Object.keys(NAMED_EVENTS) as Array<keyof typeof NAMED_EVENTS>).find((k) => ev & NAMED_EVENTS[k]) ?? 'line',
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
    const blockNext = blockNextJSON(t, o);
    objects.push({
      ...(preview != null ? { preview } : {}),
      address: t.objects.address[o] ?? 0,
      type: str(t.objects.type[o]),
      size: t.objects.size[o] ?? 0,
      ...(t.objects.chunk?.[o] ? { chunk: t.objects.chunk[o] } : {}),
      born: orNull(t.objects.born[o]),
      died: orNull(t.objects.died[o]),
      ...(blockNext ? { blockNext } : {}),
      finalized: orNull(t.objects.finalized[o]),
      preexisting: (flags & ObjectFlag.preexisting) !== 0,
      immortal: (flags & ObjectFlag.immortal) !== 0,
      named: (flags & ObjectFlag.named) !== 0,
      ...((flags & ObjectFlag.held) !== 0 ? { held: true } : {}),
      ...((flags & ObjectFlag.outputPath) !== 0 ? { outputPath: true } : {}),
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
  const r = t.references;
  const references: TraceReferenceJSON[] | undefined =
    r &&
    Array.from(r.holder, (holder, i) => ({
      holder,
      holderAddress: t.objects.address[holder] ?? 0,
      label: str(r.label[i]),
      target: r.target[i] ?? 0,
      targetAddress: t.objects.address[r.target[i] ?? 0] ?? 0,
      from: r.from[i] ?? 0,
      to: orNull(r.to[i]),
    }));
  const m = t.meta;
  const bytecode: TraceBytecodeJSON | undefined = t.bytecode && encodeBytecode(t.bytecode);
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
    ...(references ? { references } : {}),
    ...(bytecode ? { bytecode } : {}),
  };
}

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
  need(RUN_ENDS.includes(d.status as RunEnd), `"status" must be one of ${RUN_ENDS.join(', ')}`);
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
  const steps = allocateColumns('steps', n);
  d.steps.forEach((s, i) => {
    need(s && isInt(s.line) && isInt(s.depth), `step ${i} needs integer "line" and "depth"`);
    steps.line[i] = s.line;
    steps.func[i] = intern(s.function);
    steps.depth[i] = s.depth;
    steps.event[i] =
      (Object.hasOwn(NAMED_EVENTS, s.event) ? NAMED_EVENTS[s.event as keyof typeof NAMED_EVENTS] : 0) | (s.exception ? StepEvent.exception : 0);
  });

  const m = d.objects.length;
  const objects = allocateColumns('objects', m);
  const preview: Array<string | null> = [];
  const chunk = new Int32Array(m);
  const blockFate = new Uint8Array(m);
  const blockValue = new Int32Array(m);
  const blockStep = new Int32Array(m).fill(-1);
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
    chunk[i] = isInt(o.chunk) && o.chunk > 0 ? o.chunk : 0;
    const next = o.blockNext;
    const fate = next && typeof next === 'object' ? BLOCK_FATES.indexOf(next.kind) : -1;
    if (fate > 0) {
      const value = tookByObject(fate) ? next!.object : next!.bytes;
      need(!tookByObject(fate) || (isInt(value) && value >= 0 && value < m), `object ${i}: blockNext.object must be an object index`);
      blockFate[i] = fate;
      blockValue[i] = isInt(value) ? value : 0;
      blockStep[i] = isInt(next!.step) ? next!.step : -1;
    }
    objects.born[i] = o.born ?? -1;
    objects.died[i] = o.died ?? -1;
    objects.finalized[i] = o.finalized ?? -1;
    objects.flags[i] =
      (o.preexisting ? ObjectFlag.preexisting : 0) |
      (o.immortal ? ObjectFlag.immortal : 0) |
      (o.named ? ObjectFlag.named : 0) |
      (o.held ? ObjectFlag.held : 0) |
      (o.outputPath ? ObjectFlag.outputPath : 0) |
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
  const fr = allocateColumns('frames', f);
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

  let references: TraceData['references'];
  if (d.references !== undefined) {
    need(Array.isArray(d.references), '"references" must be an array');
    const rows = d.references;
    references = allocateReferences(rows.length);
    rows.forEach((x, i) => {
      need(x && isInt(x.holder) && isInt(x.target) && x.holder >= 0 && x.holder < m && x.target >= 0 && x.target < m, `reference ${i} needs "holder" and "target" objects`);
      need(isInt(x.from) && x.from >= 0 && isStep(x.to), `reference ${i}: from/to must be step numbers (to null while held)`);
      need(typeof x.label === 'string', `reference ${i} needs a "label"`);
      for (const [obj, address] of [[x.holder, x.holderAddress], [x.target, x.targetAddress]] as const) {
        need(address === undefined || address === objects.address[obj], `reference ${i}: the address of object ${obj} is ${objects.address[obj]}`);
      }
      references!.holder[i] = x.holder;
      references!.label[i] = intern(x.label);
      references!.target[i] = x.target;
      references!.from[i] = x.from;
      references!.to[i] = x.to ?? -1;
    });
  }

  let bytecode: TraceData['bytecode'];
  if (d.bytecode && Array.isArray(d.bytecode.codes)) {
    const stepCode = new Int32Array(n);
    d.steps.forEach((s, i) => (stepCode[i] = isInt(s.code) ? s.code : -1));
    d.bytecode.codes.forEach((c, i) => need(c && Array.isArray(c.instructions), `bytecode code ${i} needs "instructions"`));
    bytecode = decodeBytecode(d.bytecode.codes, stepCode);
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
    objects: {
      ...objects,
      ...(chunk.some((c) => c > 0) ? { chunk } : {}),
      ...(blockFate.some((f) => f > 0) ? { blockFate, blockValue, blockStep } : {}),
      ...(preview.some((p) => p !== null) ? { preview } : {}),
    },
    refcounts: { start: rcStart, step: Int32Array.from(rcStep), value: Int32Array.from(rcValue) },
    bindings: {
      obj: Int32Array.from(b.obj),
      name: Int32Array.from(b.name),
      frame: Int32Array.from(b.frame),
      from: Int32Array.from(b.from),
      to: Int32Array.from(b.to),
    },
    frames: fr,
    ...(references ? { references } : {}),
    output,
  };
}

function allocateReferences(n: number): NonNullable<TraceData['references']> {
  const out: Record<string, Int32Array> = {};
  for (const [name, Kind] of Object.entries(REFERENCE_COLUMNS)) out[name] = new Kind(n);
  return out as unknown as NonNullable<TraceData['references']>;
}
