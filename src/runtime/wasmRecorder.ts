/**
 * The recorder whose hot path is WebAssembly (./assembly/recorder.ts): CPython calls the
 * module for every object created and destroyed, before every line, and for every change
 * of the program's globals, and it records into regions of linear memory, one per column.
 * This class is what stays in JavaScript: it sets the module up for one run (the program's
 * code objects, the types it looks at, the references walk's first labels), copies the
 * regions into the same columns ./recorder's JavaScript callbacks fill, and answers the
 * module's rare calls (a label's or a string preview's text, the budget's clock and Stop).
 * Everything else (output, sleep, the recording's shape) is ./recorder's.
 *
 * ./recorder's own callbacks stay as the reference: the engine's `tracer: 'js'` runs them,
 * and tracerWasm.test compares the two traces on every corpus program and example.
 */
import { Recorder, type ActiveCode, type ContainerTypes } from './recorder';
import type { RecorderLimits } from './budget';
import { MAX_CHARS, strPreviewText, type PreviewTypes } from './preview';
import type { ReferenceLabels } from './referenceLabels';
import type { ReferenceTypes } from './references';
import type { Records } from './columns';
import { Patch, PATCH_WIDTH, Region, REGIONS, TracerState as W, type WasmTracer } from './tracerWasm';
import type { WasmModule } from './wasm';
import { RefEvent } from '../trace/raw';
import type { OutputChunk } from '../trace/types';

/** Words of a text record: length, code points copied, MAX_CHARS code points. */
const TEXT_WIDTH = 2 + MAX_CHARS;

/** Why a run ended at a table's limit (./assembly/recorder.ts: MAX_STACK, MAX_WATCH…). */
export const OVERFLOW_MESSAGE =
  'Refscope ended the program here: its recorder follows at most 2,048 nested calls of your functions and 4,096 objects named at once.';

export class WasmRecorder extends Recorder {
  /** Word index of the state block. */
  private readonly s: number;
  /** Ref record index of the module's pending creation, once drained. */
  private pending = 0;
  private words: Uint32Array;
  private words32: Int32Array;

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
    this.words32 = mod.HEAP32;
    const h = this.words;
    const s = this.s;
    // A fresh state block for this run; the boot's None is kept.
    const none = h[s + W.none]!;
    h.fill(0, s, s + tracer.stateBytes / 4);
    h[s + W.none] = none;
    h[s + W.step] = -1 >>> 0;
    h[s + W.lastBackJump] = -2 >>> 0;
    h[s + W.frameSlot] = tstate + currentFrameOffset;
    h[s + W.tracer] = tracer.fn;
    h[s + W.maxSteps] = limits.maxSteps;
    h[s + W.cellType] = cellType;
    if (codes.size > tracer.maxCodes) throw new Error(`Refscope records at most ${tracer.maxCodes} functions`);
    let cells = 0;
    for (const [ptr, active] of codes) {
      const at = (tracer.codes >>> 2) + active.index * 4;
      const n = active.info.slotNames.length;
      if (cells + n > tracer.maxCells) throw new Error(`Refscope records at most ${tracer.maxCells} local names`);
      h[at] = ptr;
      h[at + 1] = n;
      h[at + 2] = active.isFinalizer ? 1 : 0;
      h[at + 3] = cells;
      mod.HEAPU8.set(active.info.slotIsCell.slice(0, n), tracer.cells + cells);
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

  private i32w(): Int32Array {
    let h = this.words32;
    if (h.length === 0) h = this.words32 = this.mod.HEAP32;
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
    if (walk && this.references) {
      h[s + W.references] = 1;
      const { emptyLabel, cellLabel, dictLabel } = this.references;
      this.tracer.exports.walkInit(emptyLabel, cellLabel, dictLabel);
      h[s + W.dict] = walk.dict;
      h[s + W.set] = walk.set;
      h[s + W.frozenset] = walk.frozenset;
      h[s + W.cell] = walk.cell;
      h[s + W.function] = walk.function;
    }
  }

  /**
   * Bring in the module's records: each region into its column in one copy, then the
   * patches, in order. Every callback that reads or writes the recording calls it first.
   */
  drain(): void {
    const h = this.u32w();
    const s = this.s;
    const ref = this.ref;
    if (h[s + W.settled] !== 0) {
      // The module settled a pending creation already drained.
      ref.set(this.pending, 3, h[s + W.settledValue]! | 0);
      h[s + W.settled] = 0;
    }
    const counts = s + W.counts;
    const regions = this.tracer.regions;
    const h32 = this.i32w();
    for (let r = 0; r < REGIONS; r++) {
      const n = h[counts + r]!;
      if (n > 0) this.columns[r]?.append(h32, regions[r]! >>> 2, n);
    }
    const patches = h[counts + Region.patches]!;
    for (let i = 0, p = regions[Region.patches]! >>> 2; i < patches; i++, p += PATCH_WIDTH) this.patch(h32, p);
    const texts = h[counts + Region.texts]!;
    for (let i = 0, t = regions[Region.texts]! >>> 2; i < texts; i++, t += TEXT_WIDTH) {
      // A loop of `+=` (60,000 short texts: ~5 ms, against ~20 ms for one
      // `String.fromCodePoint.apply` over a view per text).
      let start = '';
      for (let k = 0, n = h[t + 1]!; k < n; k++) {
        const c = h[t + 2 + k]!;
        start += c < 0x10000 ? String.fromCharCode(c) : String.fromCodePoint(c);
      }
      this.previewTexts.push(strPreviewText(start, h[t]!));
    }
    h.fill(0, counts, counts + REGIONS);
    if (h[s + W.pendObj] !== 0 && h[s + W.pendSlot] !== 0) {
      // The last creation is still to settle: from now on, in the columns.
      this.pending = ref.count - 1;
      h[s + W.pendSlot] = 0;
    }
    const last = ref.count - 1;
    h[s + W.lastObj] = last < 0 ? 0 : ref.get(last, 1);
    h[s + W.lastCreate] = last >= 0 && (ref.get(last, 0) & 1) === RefEvent.create ? 1 : 0;
  }

  /** The columns the regions are copied into, in Region's order (the patches are not a column). */
  private readonly columns: Array<Records | null> = [
    this.ref,
    this.steps,
    this.frames,
    this.bindings,
    this.refcounts,
    this.held,
    this.previews,
    this.blocks.out,
    null,
    this.refs,
    this.refPreviews,
    null,
  ];

  private patch(h: Int32Array, p: number): void {
    switch (h[p]) {
      case Patch.frameEnd: {
        const record = h[p + 1]!;
        const last = h[p + 2]!;
        this.frames.set(record, 3, h[p + 3] ? Math.max(last, this.frames.get(record, 2)) : last);
        break;
      }
      case Patch.fin:
        this.finSeq.push(h[p + 1]!);
        this.finStep.push(h[p + 2]!);
        this.finAddress.push(h[p + 3]!);
        this.finFrame.push(h[p + 4]!);
        this.finType.push(h[p + 5]!);
        break;
      case Patch.outputClose:
        this.outputOpen = false;
        this.outputEnd.set(this.outputEnd.length - 1, h[p + 1]!);
        break;
    }
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

  /** The module keeps what a retraction changes (what to skip, the pending creation). */
  protected override retractLineInt(obj: number): void {
    this.tracer.exports.retract(obj);
    this.drain();
  }

  /** The module's creation record was drained before it could retract it (./assembly). */
  retractDrained(obj: number): void {
    this.popCreation(obj);
  }

  /** A big int's preview, for a binding (region 6) or a reference (region 10). */
  previewText(index: number, obj: number, region: number): void {
    if (!this.preview) return;
    this.drain();
    const column = region === Region.previews ? this.previews : this.refPreviews;
    const p = column.next();
    column.data[p] = index;
    if (!this.preview(this.u32w(), obj, column.data, p + 1, this.previewTexts)) column.pop();
  }

  /** The references walk's labels, made in JavaScript (the walk itself runs in the module). */
  get walkLabels(): ReferenceLabels {
    return this.references!.labels;
  }

  /** Write `type`'s object slots (offset, label) at `out`, at most `room`; how many. */
  members(type: number, out: number, room: number): number {
    const h = this.u32w();
    const slots = this.references!.slotsOf(h, type);
    const n = Math.min(slots.length, room);
    for (let i = 0; i < n; i++) {
      h[(out >>> 2) + 2 * i] = slots[i]!.offset;
      h[(out >>> 2) + 2 * i + 1] = slots[i]!.label;
    }
    return n;
  }

  /** A table of the module's outgrew its room: the run ends, keeping what it recorded. */
  overflow(): void {
    this.budget.stopReason = 'step-limit';
    this.recording = false;
    this.overflowed = true;
  }

  /** A table outgrew its room (`overflow`): the output says why the run ended there. */
  private overflowed = false;

  /** Written after the program's own stderr, once the program is out (not from inside the module). */
  override closeStopOutput(): void {
    super.closeStopOutput();
    if (this.overflowed) this.write('stderr', `\n${OVERFLOW_MESSAGE}\n`);
  }

  override exitStep(event: number): boolean {
    this.drain();
    return this.tracer.exports.exitStep(event) !== 0;
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

