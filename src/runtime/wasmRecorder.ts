/**
 * The recorder whose hot path is WebAssembly (./assembly/recorder.ts): CPython calls the
 * module for every object created and destroyed and before every line, and it records
 * into a buffer in linear memory. This class is what stays in JavaScript: it sets the
 * module up for one run (the program's code objects, the types it looks at), drains the
 * buffer into the same columns ./recorder's JavaScript callbacks fill, and answers the
 * module's rare calls (a string's preview, the references walk, the budget's clock and
 * Stop). Everything else (output, globals, sleep, the recording's shape) is ./recorder's.
 *
 * ./recorder's own callbacks stay as the reference: the engine's `tracer: 'js'` runs them,
 * and tracerWasm.test compares the two traces on every corpus program and example.
 */
import { Recorder, type ContainerTypes } from './recorder';
import type { RecorderLimits } from './budget';
import type { PreviewTypes } from './preview';
import type { ReferenceTypes } from './references';
import type { Records } from './columns';
import { RECORD_WORDS, STATE_BYTES, TracerState as W, TracerTables, type WasmTracer } from './tracerWasm';
import type { WasmModule } from './wasm';
import type { CodeInfo } from '../trace/raw';
import { RefEvent } from '../trace/raw';
import { StepEvent, type OutputChunk } from '../trace/types';

interface ActiveCode {
  index: number;
  info: CodeInfo;
  isFinalizer: boolean;
}

export class WasmRecorder extends Recorder {
  /** Word index of the state block. */
  private readonly s: number;
  /** Ref record index of the module's pending creation, once drained. */
  private pending = 0;
  private words: Uint32Array;

  constructor(
    private readonly mod: WasmModule,
    codes: Map<number, ActiveCode>,
    tstate: number,
    currentFrameOffset: number,
    cellType: number,
    limits: RecorderLimits,
    interrupt: Int32Array | null,
    onFlush: (fresh: OutputChunk[], steps: number) => void,
    private readonly tracer: WasmTracer,
  ) {
    super(mod, codes, tstate, currentFrameOffset, cellType, limits, interrupt, onFlush);
    this.s = tracer.state >>> 2;
    this.words = mod.HEAPU32;
    const h = this.words;
    const s = this.s;
    // A fresh state block for this run; the boot's words (capacity, buffer, None) are kept.
    const keep = [W.capacity, W.buffer, W.none].map((w) => h[s + w]!);
    h.fill(0, s, s + STATE_BYTES / 4);
    [W.capacity, W.buffer, W.none].forEach((w, i) => (h[s + w] = keep[i]!));
    h[s + W.step] = -1 >>> 0;
    h[s + W.lastBackJump] = -2 >>> 0;
    h[s + W.frameSlot] = tstate + currentFrameOffset;
    h[s + W.maxSteps] = limits.maxSteps;
    h[s + W.cellType] = cellType;
    if (codes.size > TracerTables.maxCodes) throw new Error(`Refscope records at most ${TracerTables.maxCodes} functions`);
    let cells = 0;
    for (const [ptr, active] of codes) {
      const at = s + (TracerTables.codes >>> 2) + active.index * 4;
      const n = active.info.slotNames.length;
      if (cells + n > TracerTables.maxCells) throw new Error('Refscope records at most 32,768 local names');
      h[at] = ptr;
      h[at + 1] = n;
      h[at + 2] = active.isFinalizer ? 1 : 0;
      h[at + 3] = cells;
      mod.HEAPU8.set(active.info.slotIsCell.slice(0, n), tracer.state + TracerTables.cells + cells);
      cells += n;
    }
    h[s + W.ncodes] = codes.size;
    h[s + W.mode] = 1;
  }

  private u32w(): Uint32Array {
    let h = this.words;
    if (h.length === 0) h = this.words = this.mod.HEAPU32;
    return h;
  }

  override get step(): number {
    return this.u32w()[this.s + W.step]! | 0;
  }

  override set step(step: number) {
    this.u32w()[this.s + W.step] = step >>> 0;
  }

  override get recording(): boolean {
    return this.u32w()[this.s + W.recording] === 1;
  }

  override set recording(on: boolean) {
    const h = this.u32w();
    h[this.s + W.recording] = on ? 1 : 0;
    h[this.s + W.active] = on && (h[this.s + W.step]! | 0) >= 0 ? 1 : 0;
  }

  /** What the module looks at: lists and tuples, preview types, the walk's containers. */
  configure(containers: ContainerTypes, previews: PreviewTypes | null, walk: ReferenceTypes | null): void {
    const h = this.u32w();
    const s = this.s;
    h[s + W.list] = containers.list;
    h[s + W.tuple] = containers.tuple;
    h[s + W.tupleItems] = containers.tupleItems;
    if (previews) {
      h[s + W.previews] = 1;
      h[s + W.previewInt] = previews.int;
      h[s + W.previewFloat] = previews.float;
      h[s + W.previewStr] = previews.str;
      h[s + W.previewBool] = previews.bool;
      h[s + W.previewNone] = previews.noneType;
      h[s + W.previewTrue] = previews.true;
      h[s + W.previewTuple] = previews.tuple;
    }
    if (walk) {
      h[s + W.references] = 1;
      h[s + W.dict] = walk.dict;
      h[s + W.set] = walk.set;
      h[s + W.frozenset] = walk.frozenset;
      h[s + W.cell] = walk.cell;
      h[s + W.function] = walk.function;
    }
  }

  /** Bring in the module's records, in order, into the columns ./recorder fills. */
  drain(): void {
    const h = this.u32w();
    const s = this.s;
    const ref = this.ref;
    if (h[s + W.settled] !== 0) {
      // The module settled a pending creation already drained.
      ref.set(this.pending, 3, h[s + W.settledValue]! | 0);
      h[s + W.settled] = 0;
    }
    const n = h[s + W.count]!;
    if (n === 0) return;
    let r = h[s + W.buffer]! >>> 2;
    for (let i = 0; i < n; i++, r += RECORD_WORDS) {
      const head = h[r]!;
      const kind = head & 15;
      // Kinds as literals (RecordKind): a dense switch V8 compiles to a jump table, and the
      // reference events, most records, first.
      if (kind < 2) {
        const at = ref.next();
        const d = ref.data;
        d[at] = ((head >>> 4) << 1) | kind;
        d[at + 1] = h[r + 1]!;
        d[at + 2] = h[r + 2]!;
        d[at + 3] = h[r + 3]!;
        d[at + 4] = kind === 1 ? 0 : h[r + 4]!;
        continue;
      }
      switch (kind) {
        case 2: {
          const steps = this.steps;
          const at = steps.next();
          const d = steps.data;
          d[at] = h[r + 1]!;
          d[at + 1] = h[r + 2]!;
          d[at + 2] = h[r + 3]!;
          d[at + 3] = h[r + 4]!;
          break;
        }
        case 3: {
          const at = this.frames.next();
          const d = this.frames.data;
          d[at] = h[r + 1]!;
          d[at + 1] = h[r + 2]!;
          d[at + 2] = h[r + 3]!;
          d[at + 3] = -1;
          break;
        }
        case 4: {
          const record = h[r + 1]!;
          const last = h[r + 2]! | 0;
          this.frames.set(record, 3, h[r + 3] ? Math.max(last, this.frames.get(record, 2)) : last);
          break;
        }
        case 5: {
          const b = this.bindings;
          const at = b.next();
          const d = b.data;
          d[at] = h[r + 1]!;
          d[at + 1] = h[r + 2]!;
          d[at + 2] = h[r + 3]!;
          d[at + 3] = h[r + 4]!;
          d[at + 4] = h[r + 5]!;
          d[at + 5] = h[r + 6]!;
          break;
        }
        case 6:
          copy4(this.refcounts, h, r);
          break;
        case 7:
          copy4(this.held, h, r);
          break;
        case 8:
          this.finSeq.push(h[r + 1]!);
          this.finStep.push(h[r + 2]!);
          this.finAddress.push(h[r + 3]!);
          this.finFrame.push(h[r + 4]!);
          this.finType.push(h[r + 5]!);
          break;
        case 9:
          copy4(this.previews, h, r);
          break;
        case 10:
          copy4(this.blocks.out, h, r);
          break;
        case 11:
          this.outputOpen = false;
          this.outputEnd.set(this.outputEnd.length - 1, h[r + 1]!);
          break;
      }
    }
    h[s + W.count] = 0;
    h[s + W.lastRef] = 0;
    h[s + W.prevRef] = 0;
    if (h[s + W.pendObj] !== 0 && h[s + W.pendSlot] !== 0) {
      // The last creation is still to settle: from now on, in the columns.
      this.pending = ref.count - 1;
      h[s + W.pendSlot] = 0;
    }
    const last = ref.count - 1;
    h[s + W.lastObj] = last < 0 ? 0 : ref.get(last, 1);
    h[s + W.lastCreate] = last >= 0 && (ref.get(last, 0) & 1) === RefEvent.create ? 1 : 0;
  }

  protected override sync(): void {
    this.drain();
  }

  protected override outputWindow(open: boolean): void {
    this.u32w()[this.s + W.outputOpen] = open ? 1 : 0;
  }

  protected override creditWriter(): void {
    this.tracer.exports.credit();
  }

  protected override bind(frame: number, name: number, address: number, previous: number, step: number): void {
    this.tracer.exports.bind(frame, name, address, previous, step);
  }

  override onRaise(args: number, noneObject: number): number {
    const h = this.u32w();
    if (this.recording && this.codeIndex.get(h[args >>> 2] ?? 0) >= 0) {
      this.drain();
      this.tracer.exports.retract(h[(args >>> 2) + 1] ?? 0);
      this.drain();
      const last = this.steps.count - 1;
      if (last >= 0) this.steps.set(last, 3, this.steps.get(last, 3) | StepEvent.exception);
    }
    return noneObject;
  }

  /** The module's creation record was drained before it could retract it (./assembly). */
  retractDrained(obj: number): void {
    const last = this.ref.count - 1;
    if (last >= 0 && this.ref.get(last, 1) >>> 0 === obj && (this.ref.get(last, 0) & 1) === RefEvent.create) {
      this.ref.pop();
      this.blocks.retract(last);
    }
  }

  /** A string's or a big int's preview, for the binding about to be recorded. */
  previewText(binding: number, obj: number): void {
    if (!this.preview) return;
    this.drain();
    const p = this.previews.next();
    this.previews.data[p] = binding;
    if (!this.preview(this.u32w(), obj, this.previews.data, p + 1, this.previewTexts)) this.previews.pop();
  }

  /** The references walk, from the module's watch list. */
  visit(step: number): void {
    const walker = this.references;
    if (!walker) return;
    this.drain();
    const h = this.u32w();
    walker.visit(step, this.ref.count, h, h[this.s + W.watchLength]!, TracerTables.watchWords, this.s + (TracerTables.watch >>> 2));
    h[this.s + W.refsIdle] = walker.idle ? 1 : 0;
  }

  /** A table of the module's outgrew its room: the run ends, keeping what it recorded. */
  overflow(): void {
    this.budget.stopReason = 'step-limit';
    this.recording = false;
  }

  override finish(): void {
    this.drain();
    this.tracer.exports.finish(Math.max(this.step, 0));
    this.recording = false;
    this.u32w()[this.s + W.mode] = 0;
    this.drain();
  }

  override settlePending(): void {
    this.drain();
    this.tracer.exports.settle();
    this.drain();
  }
}

/** Append a record's words 1..4 to `into`. */
function copy4(into: Records, h: Uint32Array, r: number): void {
  const at = into.next();
  const d = into.data;
  d[at] = h[r + 1]!;
  d[at + 1] = h[r + 2]!;
  d[at + 2] = h[r + 3]!;
  d[at + 3] = h[r + 4]!;
}
