/**
 * The compact recording (docs/trace-format.md, "Compact recording"): the same content as
 * the JSON export, laid out for size and speed instead of for reading. A 5-byte header
 * ("RSCT" and a version byte) in front of one gzip member; inside, a small JSON header
 * (meta, strings, output texts, bytecode) and then every column of `TraceData` in turn,
 * each value a zigzag varint of its difference from the previous value or from a related
 * column. Sorted, repetitive columns become runs of one-byte deltas that gzip then folds:
 * the seed's 100,000-step run drops from 75 MB of JSON to 14 KB.
 *
 * It stores `TraceData` itself, not the JSON rows, so a round trip gives back exactly the
 * arrays that went in (and `traceToJSON` of them gives back the same document).
 */
import { gunzip, gzip } from './gzip';
import { COMPACT_MAGIC, isCompact, TraceFormatError } from './sniff';
import { tookByObject, type CodeBytecode, type OutputChunk, type TraceData, type TraceMeta } from './types';
import { ByteReader, ByteWriter, TruncatedError } from './varint';

/** The layout version written, byte 4 of the file. Version 1 files are still read (their `was` codings). */
export const COMPACT_VERSION = 2;

type Int = Int32Array | Uint32Array | Uint8Array;

/**
 * How a column is stored: each value minus the previous one of the same column (`delta`),
 * minus the same row of another column (`rel`), as it is (`raw`); for an optional step or
 * index (−1: none), 0 for none and else its distance from the same row of another column,
 * shifted off 0 (`after`); for a dead object's block, the object that took it counted from
 * the dead one (`taker`, by `objects.blockFate`). Always zigzag varints.
 *
 * `after` and `taker` came with version 2: version 1 stored those columns `rel` and `raw`,
 * which turned every −1 into a large number (−1 − born) and every taker into its absolute
 * index. Those two columns were 0.61 MB of the seed run's 0.63 MB recording; the whole
 * recording is now 14 KB.
 */
type Codec = { kind: 'raw' } | { kind: 'delta' } | { kind: 'rel'; base: string } | { kind: 'after'; base: string } | { kind: 'taker' };
const raw: Codec = { kind: 'raw' };
const delta: Codec = { kind: 'delta' };
const rel = (base: string): Codec => ({ kind: 'rel', base });
const after = (base: string): Codec => ({ kind: 'after', base });
const taker: Codec = { kind: 'taker' };

/** The number `after` stores for `v` (−1 or a step/index) next to `base`. */
const afterCode = (v: number, base: number): number => (v === -1 ? 0 : v - base >= 0 ? v - base + 1 : v - base);
/** The inverse of `afterCode`. */
const afterValue = (code: number, base: number): number => (code === 0 ? -1 : code > 0 ? (base + code - 1) | 0 : (base + code) | 0);
/** The column `taker` reads the block's fate from. */
const TAKER_FATE = 'objects.blockFate';

type Table = 'steps' | 'objects' | 'refcounts' | 'bindings' | 'frames' | 'output' | 'stepCode' | 'references';
interface ColumnSpec {
  /** `table.column`, also the name docs/trace-format.md uses. */
  name: string;
  table: Table;
  codec: Codec;
  /** The coding version 1 used, where it differs. */
  was?: Codec;
  make: (n: number) => Int;
  /** Written only when the header says so (`chunk: true`, `blocks: true`, `references: true`); older files end before it. */
  optional?: 'chunk' | 'blocks' | 'references';
}
const i32 = (n: number) => new Int32Array(n);

/** The columns in file order. A `rel` column comes after its base. Never reorder within a version. */
const COLUMNS: readonly ColumnSpec[] = [
  { name: 'steps.line', table: 'steps', codec: delta, make: i32 },
  { name: 'steps.func', table: 'steps', codec: raw, make: i32 },
  { name: 'steps.depth', table: 'steps', codec: delta, make: i32 },
  { name: 'steps.event', table: 'steps', codec: raw, make: (n) => new Uint8Array(n) },
  { name: 'bytecode.stepCode', table: 'stepCode', codec: raw, make: i32 },
  { name: 'objects.address', table: 'objects', codec: delta, make: (n) => new Uint32Array(n) },
  { name: 'objects.type', table: 'objects', codec: raw, make: i32 },
  { name: 'objects.size', table: 'objects', codec: raw, make: i32 },
  { name: 'objects.born', table: 'objects', codec: delta, make: i32 },
  { name: 'objects.died', table: 'objects', codec: after('objects.born'), was: rel('objects.born'), make: i32 },
  { name: 'objects.finalized', table: 'objects', codec: after('objects.born'), was: rel('objects.born'), make: i32 },
  { name: 'objects.flags', table: 'objects', codec: raw, make: (n) => new Uint8Array(n) },
  { name: 'refcounts.start', table: 'refcounts', codec: delta, make: i32 },
  { name: 'refcounts.step', table: 'refcounts', codec: delta, make: i32 },
  { name: 'refcounts.value', table: 'refcounts', codec: delta, make: i32 },
  { name: 'bindings.obj', table: 'bindings', codec: delta, make: i32 },
  { name: 'bindings.name', table: 'bindings', codec: raw, make: i32 },
  { name: 'bindings.frame', table: 'bindings', codec: delta, make: i32 },
  { name: 'bindings.from', table: 'bindings', codec: delta, make: i32 },
  { name: 'bindings.to', table: 'bindings', codec: after('bindings.from'), was: rel('bindings.from'), make: i32 },
  { name: 'frames.func', table: 'frames', codec: raw, make: i32 },
  { name: 'frames.depth', table: 'frames', codec: delta, make: i32 },
  { name: 'frames.enter', table: 'frames', codec: delta, make: i32 },
  { name: 'frames.exit', table: 'frames', codec: after('frames.enter'), was: rel('frames.enter'), make: i32 },
  { name: 'output.step', table: 'output', codec: delta, make: i32 },
  { name: 'output.stream', table: 'output', codec: raw, make: (n) => new Uint8Array(n) },
  { name: 'objects.chunk', table: 'objects', codec: rel('objects.size'), make: i32, optional: 'chunk' },
  { name: 'objects.blockFate', table: 'objects', codec: raw, make: (n) => new Uint8Array(n), optional: 'blocks' },
  { name: 'objects.blockValue', table: 'objects', codec: taker, was: raw, make: i32, optional: 'blocks' },
  { name: 'objects.blockStep', table: 'objects', codec: after('objects.died'), was: rel('objects.died'), make: i32, optional: 'blocks' },
  { name: 'references.holder', table: 'references', codec: delta, make: i32, optional: 'references' },
  { name: 'references.label', table: 'references', codec: raw, make: i32, optional: 'references' },
  { name: 'references.target', table: 'references', codec: rel('references.holder'), make: i32, optional: 'references' },
  { name: 'references.from', table: 'references', codec: delta, make: i32, optional: 'references' },
  { name: 'references.to', table: 'references', codec: after('references.from'), was: rel('references.from'), make: i32, optional: 'references' },
];

/** The JSON header inside the gzip member: everything that is not a number column. */
interface Header {
  meta: TraceMeta;
  strings: string[];
  /** Row counts per table (`refcounts` counts samples; its `start` column has objects + 1 rows). */
  rows: Record<Exclude<Table, 'stepCode' | 'references'>, number> & { references?: number };
  /** Output texts, one per `output` row. */
  texts: string[];
  /** Value previews: absent when the trace has no preview column; else [object, text] pairs. */
  preview?: Array<[number, string]>;
  /** True when the `objects.chunk` column (malloc chunk sizes) follows the others. */
  chunk?: boolean;
  /** True when the `objects.block*` columns (where each dead object's block went) follow. */
  blocks?: boolean;
  /** True when the `references.*` columns follow (after `objects.chunk`, when present); `rows.references` counts them. */
  references?: boolean;
  /** Bytecode: [offset, opname, argrepr, line] per instruction; absent without bytecode. */
  codes?: Array<{ name: string; firstLine: number; instructions: Array<[number, string, string, number | null]> }>;
}

function columnsOf(t: TraceData): Record<string, Int> {
  const s = t.output.length;
  const out = { step: new Int32Array(s), stream: new Uint8Array(s) };
  t.output.forEach((c, i) => {
    out.step[i] = c.step;
    out.stream[i] = c.stream === 'stderr' ? 1 : 0;
  });
  const cols: Record<string, Int> = {};
  const add = (table: string, group: object) => {
    for (const [k, v] of Object.entries(group)) if (ArrayBuffer.isView(v)) cols[`${table}.${k}`] = v as Int;
  };
  add('steps', t.steps);
  add('objects', t.objects);
  add('refcounts', t.refcounts);
  add('bindings', t.bindings);
  add('frames', t.frames);
  add('output', out);
  if (t.references) add('references', t.references);
  cols['bytecode.stepCode'] = t.bytecode?.stepCode ?? new Int32Array(0);
  return cols;
}

/** Writes a trace as a compact recording. */
export async function traceToCompact(t: TraceData): Promise<Uint8Array> {
  const preview = t.objects.preview;
  const header: Header = {
    meta: t.meta,
    strings: t.strings,
    rows: {
      steps: t.steps.line.length,
      objects: t.objects.address.length,
      refcounts: t.refcounts.step.length,
      bindings: t.bindings.obj.length,
      frames: t.frames.func.length,
      output: t.output.length,
      ...(t.references ? { references: t.references.holder.length } : {}),
    },
    texts: t.output.map((c) => c.text),
    ...(t.objects.chunk ? { chunk: true } : {}),
    ...(t.objects.blockFate ? { blocks: true } : {}),
    ...(t.references ? { references: true } : {}),
    ...(preview ? { preview: preview.flatMap((p, i): Array<[number, string]> => (p == null ? [] : [[i, p]])) } : {}),
    ...(t.bytecode
      ? {
          codes: t.bytecode.codes.map((c) => ({
            name: c.name,
            firstLine: c.firstLine,
            instructions: c.instructions.map((i): [number, string, string, number | null] => [i.offset, i.opname, i.argrepr, i.line]),
          })),
        }
      : {}),
  };
  const w = new ByteWriter();
  w.bytes(new TextEncoder().encode(JSON.stringify(header)));
  const cols = columnsOf(t);
  for (const spec of COLUMNS) {
    if (spec.optional && !header[spec.optional]) continue;
    const col = cols[spec.name] ?? new Int32Array(0);
    const { codec } = spec;
    const base = codec.kind === 'rel' || codec.kind === 'after' ? cols[codec.base]! : undefined;
    const fate = codec.kind === 'taker' ? cols[TAKER_FATE]! : undefined;
    w.uint(col.length);
    let prev = 0;
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (codec.kind === 'delta') {
        w.int(v - prev);
        prev = v;
      } else if (codec.kind === 'after') w.int(afterCode(v, base![i]!));
      else if (fate) w.int(tookByObject(fate[i]!) ? v - i : v);
      else w.int(base ? v - base[i]! : v);
    }
  }
  const body = await gzip(w.finish());
  const file = new Uint8Array(5 + body.length);
  file.set(COMPACT_MAGIC);
  file[4] = COMPACT_VERSION;
  file.set(body, 5);
  return file;
}

/*
 * Undoing a column's coding over `out[from…to)`, after its varints are read, modulo 2^32. Small
 * functions of their own: the same loops inside the reader's async function ran 2–3x slower.
 */
function undoDelta(out: Int32Array, from: number, to: number, prev: number): number {
  for (let j = from; j < to; j++) prev = out[j] = (prev + out[j]!) | 0;
  return prev;
}
function undoRel(out: Int32Array, from: number, to: number, base: Int32Array): void {
  for (let j = from; j < to; j++) out[j] = (base[j]! + out[j]!) | 0;
}
function undoAfter(out: Int32Array, from: number, to: number, base: Int32Array): void {
  for (let j = from; j < to; j++) out[j] = afterValue(out[j]!, base[j]!);
}
function undoTaker(out: Int32Array, from: number, to: number, fate: Int): void {
  for (let j = from; j < to; j++) if (tookByObject(fate[j]!)) out[j] = (out[j]! + j) | 0;
}

/** Options for reading a large recording without holding the page. */
export interface ReadOptions {
  /** Called with the fraction read (0…1) each time the reader yields. */
  onProgress?: (fraction: number) => void;
  /** Longest stretch of decoding, in ms, before the reader yields to the event loop (default 12). */
  sliceMs?: number;
}

/** Lets the event loop run: input, painting, a progress bar (or, in the reading worker, the next message). */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Reads a compact recording. Decoding runs in slices of about `sliceMs`, yielding between
 * them, so a recording of millions of events does not freeze the page. Throws
 * `TraceFormatError` for bytes that are not a compact recording this version can read.
 */
export async function traceFromCompact(bytes: Uint8Array, options: ReadOptions = {}): Promise<TraceData> {
  if (!isCompact(bytes)) throw new TraceFormatError('Not a valid Refscope trace: no compact recording header');
  const version = bytes[4]!;
  if (version !== 1 && version !== COMPACT_VERSION) {
    throw new TraceFormatError(`Not a valid Refscope trace: unsupported compact version ${String(version)} (this Refscope reads 1 to ${COMPACT_VERSION})`);
  }
  let body: Uint8Array;
  try {
    body = await gunzip(bytes.subarray(5));
  } catch {
    throw new TraceFormatError('Not a valid Refscope trace: the compact recording is damaged or cut short');
  }
  try {
    return await decodeBody(body, version, options);
  } catch (error) {
    if (error instanceof TruncatedError || error instanceof SyntaxError) {
      throw new TraceFormatError(`Not a valid Refscope trace: ${error.message}`);
    }
    throw error;
  }
}

async function decodeBody(body: Uint8Array, version: number, { onProgress, sliceMs = 12 }: ReadOptions): Promise<TraceData> {
  const r = new ByteReader(body);
  const header = JSON.parse(new TextDecoder().decode(r.bytes())) as Header;
  const need = (cond: unknown, what: string): void => {
    if (!cond) throw new TraceFormatError(`Not a valid Refscope trace: ${what}`);
  };
  need(header && typeof header.meta === 'object' && Array.isArray(header.strings) && header.rows, 'the compact header is incomplete');
  const { rows } = header;
  const expected = (spec: ColumnSpec): number =>
    spec.table === 'stepCode'
      ? header.codes
        ? rows.steps
        : 0
      : spec.table === 'references'
        ? (rows.references ?? 0)
        : spec.name === 'refcounts.start'
          ? rows.objects + 1
          : rows[spec.table];

  const cols: Record<string, Int> = {};
  let scratch = new Int32Array(0);
  let sliceStart = Date.now();
  for (const spec of COLUMNS) {
    if (spec.optional && !header[spec.optional]) continue;
    const n = r.uint();
    need(n === expected(spec), `column ${spec.name} has ${n} rows, expected ${expected(spec)}`);
    const col = spec.make(n);
    const codec = version === 1 && spec.was ? spec.was : spec.codec;
    const base = codec.kind === 'rel' || codec.kind === 'after' ? (cols[codec.base] as Int32Array) : undefined;
    const fate = codec.kind === 'taker' ? cols[TAKER_FATE]! : undefined;
    // Decoded as 32-bit integers, adding modulo 2^32 (`| 0`): into the column itself, a Uint32
    // column's bytes seen as Int32 (the same bits), or for a Uint8 column (values < 256) a scratch
    // array shared by all of them (fresh memory costs ~1 ms per MB at its first write here).
    if (col instanceof Uint8Array && scratch.length < n) scratch = new Int32Array(n);
    const out = col instanceof Int32Array ? col : col instanceof Uint32Array ? new Int32Array(col.buffer, col.byteOffset, n) : scratch.subarray(0, n);
    let prev = 0;
    for (let i = 0; i < n; ) {
      // Check the clock every 64k values: cheap, and fine-grained enough for a 12 ms slice.
      const end = Math.min(n, i + 65536);
      r.varints(out, i, end);
      switch (codec.kind) {
        case 'delta':
          prev = undoDelta(out, i, end, prev);
          break;
        case 'rel':
          undoRel(out, i, end, base!);
          break;
        case 'after':
          undoAfter(out, i, end, base!);
          break;
        case 'taker':
          undoTaker(out, i, end, fate!);
          break;
      }
      i = end;
      if (Date.now() - sliceStart >= sliceMs) {
        onProgress?.(r.pos / r.length);
        await yieldToLoop();
        sliceStart = Date.now();
      }
    }
    if (col instanceof Uint8Array) col.set(out);
    cols[spec.name] = col;
  }
  need(r.pos === r.length, 'bytes left after the last column');
  onProgress?.(1);

  const c = (name: string) => cols[name] as Int32Array;
  const output: OutputChunk[] = header.texts.map((text, i) => ({
    step: c('output.step')[i]!,
    stream: cols['output.stream']![i] === 1 ? 'stderr' : 'stdout',
    text,
  }));
  const objects: TraceData['objects'] = {
    address: cols['objects.address'] as Uint32Array,
    type: c('objects.type'),
    size: c('objects.size'),
    born: c('objects.born'),
    died: c('objects.died'),
    finalized: c('objects.finalized'),
    flags: cols['objects.flags'] as Uint8Array,
  };
  if (header.chunk) objects.chunk = c('objects.chunk');
  if (header.blocks) {
    objects.blockFate = cols['objects.blockFate'] as Uint8Array;
    objects.blockValue = c('objects.blockValue');
    objects.blockStep = c('objects.blockStep');
  }
  if (header.preview) {
    const preview: Array<string | null> = new Array<string | null>(rows.objects).fill(null);
    for (const [i, text] of header.preview) preview[i] = text;
    objects.preview = preview;
  }
  const codes: CodeBytecode[] | undefined = header.codes?.map((code) => ({
    name: code.name,
    firstLine: code.firstLine,
    instructions: code.instructions.map(([offset, opname, argrepr, line]) => ({ offset, opname, argrepr, line })),
  }));
  return {
    meta: header.meta,
    strings: header.strings,
    steps: { line: c('steps.line'), func: c('steps.func'), depth: c('steps.depth'), event: cols['steps.event'] as Uint8Array },
    objects,
    refcounts: { start: c('refcounts.start'), step: c('refcounts.step'), value: c('refcounts.value') },
    bindings: { obj: c('bindings.obj'), name: c('bindings.name'), frame: c('bindings.frame'), from: c('bindings.from'), to: c('bindings.to') },
    frames: { func: c('frames.func'), depth: c('frames.depth'), enter: c('frames.enter'), exit: c('frames.exit') },
    output,
    ...(header.references
      ? {
          references: {
            holder: c('references.holder'),
            label: c('references.label'),
            target: c('references.target'),
            from: c('references.from'),
            to: c('references.to'),
          },
        }
      : {}),
    ...(codes ? { bytecode: { codes, stepCode: c('bytecode.stepCode') } } : {}),
  };
}
