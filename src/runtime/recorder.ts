/**
 * The recorder in JavaScript: the reference the WebAssembly recorder (./assembly/recorder.ts,
 * ./wasmRecorder) must agree with, record for record (tracerWasm.test), and what both share
 * (the columns, the output, the globals, the budget).
 *
 * Its callbacks, run when the engine is asked for `tracer: 'js'`:
 * - `onRef`: CPython's reference tracer (`_PyRefTracer_SetTracer`), called for every
 *   object created and destroyed. Appends one record, nothing else.
 * - `onLine`: the sys.monitoring LINE callback (a builtin backed by JS, see wasm.ts),
 *   called before each line of user code. Keeps a shadow stack of user frames, reads
 *   the current frame's local slots straight from linear memory, samples refcounts of
 *   named objects, and enforces the step/time budgets and Stop.
 * - `onGlobal`: a dict watcher on the user's module globals (both recorders).
 *
 * None of these run Python code or allocate in the Python heap; what they keep lives in
 * JS typed arrays (design.md, Measured 4). Around them: ./budget (when to stop), ./output
 * (the output kept and streamed), ./recording (what was kept, for the trace builder).
 */
import { Column, Records } from './columns';
import { isHeapType, Layout, readTypeInfo, untag, type WasmModule } from './wasm';
import { Budget, type RecorderLimits, type StopReason } from './budget';
import { OutputBuffer, type OutputStream } from './output';
import { readStr, type PreviewReader } from './preview';
import { BlockWatch, blockStart, chunkAt } from './blocks';
import type { ReferenceWalker } from './references';
import { AddressMap } from '../trace/addressMap';
import { RefEvent, type CodeInfo, type FreedType } from '../trace/raw';
import { StepEvent, type OutputChunk } from '../trace/types';

/** Numbers per watched object: address, bindings, last refcount, container kind (1 list, 2 tuple), last size, last item storage. */
const WATCH_WIDTH = 6;
/** Items of a named list or tuple looked at, per scan. */
const MAX_ITEMS = 256;

/** Type pointers and layout the recorder needs to see into lists and tuples. */
export interface ContainerTypes {
  list: number;
  tuple: number;
  /** Offset of a tuple's first item (3.14 caches the hash before the items). */
  tupleItems: number;
}

/** A code object of the user's program, as the recorders know it. */
export interface ActiveCode {
  index: number;
  info: CodeInfo;
  isFinalizer: boolean;
}

export class Recorder {
  /**
   * Reference-tracer events: step << 1 | kind, address, type pointer, third word (read at
   * the next event, see settleWord), malloc chunk size (creations; 0 when not found).
   */
  readonly ref = new Records(5);
  /** Where each destroyed object's block went (./blocks). */
  readonly blocks = new BlockWatch();
  /** Steps: line, code index, depth, StepEvent bits. */
  readonly steps = new Records(4);
  // Frames.
  /** Frames: code index, depth, first step, last step (-1 while on the stack). */
  readonly frames = new Records(4);
  // Bindings, refcounts, finalizers.
  /** Binding changes: seq, step, frame record (-1 globals), name, address (0 unbound), type. */
  readonly bindings = new Records(6);
  /** Refcount samples: seq, step, address, value. */
  readonly refcounts = new Records(4);
  /** Container contents: seq, step, item's type pointer, item address. */
  readonly held = new Records(4);
  /** Object → object references, read by ./references; null: not recorded. Set by the engine. */
  references: ReferenceWalker | null = null;
  /** Reference changes: seq, step, holder, label, target, holder type, target type, open (1) / close (0). */
  readonly refs = new Records(8);
  /** Previews of references' targets: refs record, kind, a, b (trace/preview.ts). */
  readonly refPreviews = new Records(4);
  /** Set by the engine; zeros mean no container scanning. */
  containers: ContainerTypes = { list: 0, tuple: 0, tupleItems: 0 };
  readonly finSeq = new Column();
  readonly finStep = new Column();
  readonly finAddress = new Column();
  readonly finFrame = new Column();
  readonly finType = new Column();
  /**
   * When sys.stdout's or sys.stderr's own write or flush ran: ref-event seq ranges
   * [start, end). Objects created in one are the output stream's temporaries (see outputPath.ts).
   */
  readonly outputStart = new Column(64);
  readonly outputEnd = new Column(64);
  /** A window is open: outputEnd's last entry is still moving. */
  protected outputOpen = false;
  /** Per nested print/write call: 1 if its caller's window was open. */
  private readonly outputOuter = new Column(16);

  readonly globalNames: string[] = [];
  /** str object of a global's name → index in globalNames (-1: a dunder, not shown). */
  private readonly globalNameIndex = new AddressMap(64);
  /** Current address per global name index. */
  private readonly globalValues: number[] = [];
  /** The program's output, capped; stamped with steps here. */
  readonly out: OutputBuffer;
  /** Budgets and Stop: asked after every step. */
  readonly budget: Budget;

  private stepNow = -1;
  private recordingNow = false;

  /** Current step index; -1 before the first line. */
  get step(): number {
    return this.stepNow;
  }

  set step(step: number) {
    this.stepNow = step;
  }

  get recording(): boolean {
    return this.recordingNow;
  }

  set recording(on: boolean) {
    this.recordingNow = on;
  }

  // Shadow stack of user frames: frame pointer, frame record, slot-cache base.
  private sp = 0;
  private stackFrame = new Uint32Array(256);
  private stackRecord = new Int32Array(256);
  private stackCode: Array<ActiveCode | undefined> = [];
  private stackSlotBase = new Int32Array(256);
  /** Line each shadow frame last ran (for a step credited back to it, see creditWriter). */
  private stackLine = new Int32Array(256);
  /** Last seen value of every slot of every frame on the shadow stack. */
  private slotCache = new Uint32Array(4096);

  /**
   * Objects currently bound to at least one name (address, number of bindings, last
   * refcount sample). Their refcounts are sampled at every step. Usually a handful, so
   * flat arrays with a linear search beat a Map on the hot path.
   */
  private watched = new Int32Array(64 * WATCH_WIDTH);
  private watchLength = 0;
  /** Frames found above the shadow stack's top by `syncStack`, reused across calls. */
  private chain = new Uint32Array(64);

  /** Cached view of linear memory; a grown memory detaches it (length 0), then it is re-read. */
  private heap: Uint32Array;

  /**
   * The last creation's record, whose third word (a variable-size object's length) is
   * read again at the next event: CPython calls the tracer from `_PyObject_Init`, and
   * `PyUnicode_New` sets the length only after that, so at the creation event the word is
   * whatever the block held before (design.md, Measured 11). Nothing runs between the
   * creation and the next event that could free the object unheard: a destruction is
   * itself an event, heard before the object is torn down.
   */
  private pendingChunk: Int32Array | null = null;
  private pendingAt = 0;
  private pendingObj = 0;

  /** A non-immortal int that CPython made only to pass a line number to our callback. */
  private ignoreDestroy = 0;
  /** The second boxed int of a callback (JUMP passes two offsets). */
  private ignoreDestroy2 = 0;
  /** Step at which the last backward jump happened (see onJump). */
  private lastBackJump = -2;

  constructor(
    private readonly m: WasmModule,
    codes: Map<number, ActiveCode>,
    private readonly tstate: number,
    private readonly currentFrameOffset: number,
    private readonly cellType: number,
    limits: RecorderLimits,
    interrupt: Int32Array | null,
    private readonly onFlush: (fresh: OutputChunk[], steps: number) => void,
  ) {
    this.heap = m.HEAPU32;
    this.out = new OutputBuffer(limits.maxOutputBytes);
    this.budget = new Budget(limits, interrupt, () => this.flush());
    for (const [ptr, active] of codes) {
      this.codeIndex.set(ptr, this.activeCodes.length);
      this.activeCodes.push(active);
    }
  }

  /** Code objects of the user's program: pointer → index in activeCodes. */
  protected readonly codeIndex = new AddressMap(64);
  private readonly activeCodes: ActiveCode[] = [];

  private codeAt(ptr: number): ActiveCode | undefined {
    const i = this.codeIndex.get(ptr);
    return i < 0 ? undefined : this.activeCodes[i];
  }

  protected u32(): Uint32Array {
    let h = this.heap;
    if (h.length === 0) h = this.heap = this.m.HEAPU32;
    return h;
  }

  start(): void {
    this.budget.start();
    this.recording = true;
  }

  /** Why the run was asked to stop; null while it goes on. */
  get stopReason(): StopReason | null {
    return this.budget.stopReason;
  }

  /** Reference tracer: `int tracer(PyObject *obj, PyRefTracerEvent event, void *data)`. */
  readonly onRef = (obj: number, event: number): number => {
    // Before the first line, the events are the call machinery entering exec(), not the program.
    if (!this.recording || this.step < 0) return 0;
    if (event === RefEvent.destroy && (obj === this.ignoreDestroy || obj === this.ignoreDestroy2)) {
      if (obj === this.ignoreDestroy) this.ignoreDestroy = 0;
      else this.ignoreDestroy2 = 0;
      return 0;
    }
    const heap = this.u32();
    if (this.pendingChunk) this.settleWord(heap);
    const words = obj >>> 2;
    const at = this.ref.next();
    const data = this.ref.data;
    const type = heap[words + 1] ?? 0;
    const block = blockStart(heap, obj, type);
    const chunk = chunkAt(heap, block);
    data[at] = (this.step << 1) | event;
    data[at + 1] = obj;
    data[at + 2] = type;
    data[at + 3] = heap[words + 2] ?? 0;
    data[at + 4] = event === RefEvent.create ? chunk : 0;
    this.blocks.onEvent(this.ref.count - 1, this.step, obj, type, event === RefEvent.destroy, block, chunk);
    if (event === RefEvent.destroy && isHeapType(heap, obj, type)) this.typeGone(obj, this.ref.count - 1);
    if (event === RefEvent.create) {
      this.pendingChunk = data;
      this.pendingAt = at;
      this.pendingObj = obj;
    }
    return 0;
  };

  /** Classes freed during the run, with their names read before they went (raw.ts FreedType). */
  readonly freedTypes: FreedType[] = [];

  /** The class at `obj` is being destroyed (ref event `seq`): its name, while it still has one. */
  typeGone(obj: number, seq: number): void {
    this.freedTypes.push({ seq, address: obj, info: readTypeInfo(this.m, obj) });
  }

  /** Read the last creation's third word again, now that CPython has filled it in. */
  private settleWord(heap: Uint32Array): void {
    if (this.pendingChunk) {
      this.pendingChunk[this.pendingAt + 3] = heap[(this.pendingObj >>> 2) + 2] ?? 0;
      this.pendingChunk = null;
    }
  }

  /**
   * Bring in what the WebAssembly recorder (./wasmRecorder) recorded since the last call;
   * every callback here that reads or writes the recording calls it first.
   */
  protected sync(): void {}

  /**
   * print, or the output stream's write or flush, begins: what it makes from here is the
   * output path's. Calls nest (print calls write; a `__str__` inside print may print):
   * each level remembers whether its caller's window was open, to restore it on return.
   */
  enterOutput(): void {
    this.sync();
    this.outputOuter.push(this.outputOpen ? 1 : 0);
    if (!this.outputOpen) this.openOutputWindow();
  }

  leaveOutput(): void {
    this.sync();
    if (this.outputOuter.length === 0) return;
    const outerOpen = this.outputOuter.get(this.outputOuter.length - 1) === 1;
    this.outputOuter.pop();
    if (this.outputOpen && !outerOpen) this.closeOutputWindow();
    else if (!this.outputOpen && outerOpen) this.openOutputWindow();
  }

  private openOutputWindow(): void {
    if (!this.recording) return;
    this.outputStart.push(this.ref.count);
    this.outputEnd.push(this.ref.count);
    this.outputOpen = true;
    this.outputWindow(true);
  }

  /** The output window opened or closed (./wasmRecorder mirrors it). */
  protected outputWindow(_open: boolean): void {}

  /**
   * Also called when the program's own code runs inside print (a `__str__`, a `__del__`
   * the collector called): what it makes is the program's. The window reopens when print
   * next calls the stream, or when the level that opened it returns.
   */
  private closeOutputWindow(): void {
    if (!this.outputOpen) return;
    this.outputOpen = false;
    this.outputWindow(false);
    this.outputEnd.set(this.outputEnd.length - 1, this.ref.count);
  }

  /** sys.monitoring LINE: args = (code, line). Returns a PyObject* (None) or 0 to raise. */
  onLine(args: number, noneObject: number, stopType: number, stopMessage: number): number {
    if (!this.recording) return this.raiseIfStopping(noneObject, stopType, stopMessage);
    this.sync();
    const heap = this.u32();
    this.settleWord(heap);
    const code = heap[args >>> 2] ?? 0;
    const lineObj = heap[(args >>> 2) + 1] ?? 0;
    const line = this.readSmallInt(lineObj);
    this.retractLineInt(lineObj);
    // CPython's artificial instructions (an empty module's implicit return) report line 0:
    // not a line of the program.
    if (line <= 0) return noneObject;
    if (this.outputOpen) this.closeOutputWindow();

    const step = ++this.step;
    const frame = heap[(this.tstate + this.currentFrameOffset) >>> 2] ?? 0;
    let event: number = StepEvent.line;
    if (this.sp === 0 || this.stackFrame[this.sp - 1] !== frame) event = this.syncStack(frame, code, step);
    const active = this.stackCode[this.sp - 1];
    this.stackLine[this.sp - 1] = line;
    const at = this.steps.next();
    const data = this.steps.data;
    data[at] = line;
    data[at + 1] = active ? active.index : -1;
    data[at + 2] = this.sp - 1;
    data[at + 3] = event;
    if (active) this.scanSlots(frame, active, step);
    this.sampleHeap(step);
    return this.endStep(step, noneObject, stopType, stopMessage);
  }

  /**
   * sys.monitoring JUMP: args = (code, offset, destination). A loop written on one line
   * (`while True: pass`) jumps back without ever changing line, so no LINE event fires:
   * count each further iteration as a step of that line, and check the budgets here too.
   */
  onJump(args: number, noneObject: number, stopType: number, stopMessage: number): number {
    if (!this.recording) return this.raiseIfStopping(noneObject, stopType, stopMessage);
    this.sync();
    const heap = this.u32();
    this.settleWord(heap);
    const toObj = heap[(args >>> 2) + 2] ?? 0;
    const fromObj = heap[(args >>> 2) + 1] ?? 0;
    const to = this.readSmallInt(toObj);
    const from = this.readSmallInt(fromObj);
    this.retractLineInt(toObj);
    this.retractLineInt(fromObj);
    if (to > from || this.steps.count === 0) return noneObject;
    if (this.lastBackJump !== this.step) {
      // The first jump back since the last LINE: a LINE event follows if the loop spans lines.
      this.lastBackJump = this.step;
      return noneObject;
    }
    const step = ++this.step;
    // The same line again, in the same frame: a copy of the last step, as a plain line.
    const last = this.steps.count - 1;
    const line = this.steps.get(last, 0);
    const code = this.steps.get(last, 1);
    const depth = this.steps.get(last, 2);
    const at = this.steps.next();
    const data = this.steps.data;
    data[at] = line;
    data[at + 1] = code;
    data[at + 2] = depth;
    data[at + 3] = StepEvent.line;
    this.lastBackJump = step;
    const active = this.stackCode[this.sp - 1];
    if (active) this.scanSlots(this.stackFrame[this.sp - 1] ?? 0, active, step);
    this.sampleHeap(step);
    return this.endStep(step, noneObject, stopType, stopMessage);
  }

  /** Budgets, Stop and tampering, checked after every recorded step. */
  private endStep(step: number, noneObject: number, stopType: number, stopMessage: number): number {
    this.blocks.onStep(this.u32(), step - 1);
    if (this.budget.overrun(step)) {
      this.recording = false;
      return this.raiseIfStopping(noneObject, stopType, stopMessage);
    }
    return noneObject;
  }

  /** sys.monitoring PY_START: args = (code, offset). A new frame: never the same as one on the stack. */
  onStart(args: number, noneObject: number, stopType: number, stopMessage: number): number {
    if (!this.recording) return this.raiseIfStopping(noneObject, stopType, stopMessage);
    this.sync();
    this.retractLineInt(this.u32()[(args >>> 2) + 1] ?? 0);
    if (this.outputOpen) this.closeOutputWindow();
    const frame = this.u32()[(this.tstate + this.currentFrameOffset) >>> 2] ?? 0;
    // A frame that starts at an address still on our stack means that frame returned
    // without another line running in its caller: pop it (and anything above it).
    for (let i = this.sp - 1; i >= 0; i--) {
      if (this.stackFrame[i] === frame) {
        this.popTo(i, this.step);
        break;
      }
    }
    return noneObject;
  }

  /** sys.monitoring RAISE: mark the current step. */
  onRaise(args: number, noneObject: number): number {
    if (this.recording && this.codeIndex.get(this.u32()[args >>> 2] ?? 0) >= 0) {
      this.sync();
      this.retractLineInt(this.u32()[(args >>> 2) + 1] ?? 0);
      const last = this.steps.count - 1;
      if (last >= 0) this.steps.set(last, 3, this.steps.get(last, 3) | StepEvent.exception);
    }
    return noneObject;
  }

  /** Dict watcher on the user's globals: (event, dict, key, new_value). */
  readonly onGlobal = (event: number, _dict: number, key: number, value: number): number => {
    if (!this.recording) return 0;
    this.sync();
    // CLEARED (4) and DEALLOCATED (5), before the entries go: every name is unbound.
    if (event === 4 || event === 5) {
      this.globalValues.forEach((previous, name) => {
        if (!previous) return;
        this.globalValues[name] = 0;
        this.bind(-1, name, 0, previous, Math.max(this.step, 0));
      });
      return 0;
    }
    // PyDict_EVENT_ADDED = 0, MODIFIED = 1, DELETED = 2; CLONED (3) carries no single key.
    if (key === 0 || event > 2) return 0;
    let name = this.globalNameIndex.get(key);
    if (name === -1) {
      name = this.globalName(key);
      this.globalNameIndex.set(key, name);
    }
    if (name === -2) return 0;
    const address = event === 2 ? 0 : value;
    const previous = this.globalValues[name] ?? 0;
    if (address === previous) return 0;
    this.globalValues[name] = address;
    this.bind(-1, name, address, previous, Math.max(this.step, 0));
    return 0;
  };

  /** A new key of the globals: its name's index, or -2 for a dunder name (not shown). */
  globalName(key: number): number {
    const text = readStr(this.m, key);
    return text.startsWith('__') && text.endsWith('__') ? -2 : this.globalNames.push(text) - 1;
  }

  /** Stdout/stderr bytes, already decoded, stamped with the step that wrote them. */
  write(stream: OutputStream, text: string): void {
    const kept = this.out.accept(stream, text, this.stopReason !== null);
    if (kept === null) return;
    this.sync();
    if (this.recording) this.creditWriter();
    this.out.append(Math.max(this.step, 0), stream, kept);
  }

  /**
   * Output is stamped with the current step. When frames have returned since that step's
   * line (`print(gc.collect())` after the collection ran `__del__`), the writer is an
   * older frame that has not reached a new line yet: give it a step of its own, on the
   * line it is running, so the output is not credited to the frame that returned.
   */
  protected creditWriter(): void {
    if (this.sp <= 1) return;
    const heap = this.u32();
    const top = this.sp - 1;
    let f = heap[(this.tstate + this.currentFrameOffset) >>> 2] ?? 0;
    if (f === this.stackFrame[top]) return;
    let found = -1;
    for (let hops = 0; f !== 0 && found < 0 && hops < 10_000; hops++) {
      for (let i = top; i >= 0; i--) {
        if (this.stackFrame[i] === f) {
          found = i;
          break;
        }
      }
      f = heap[(f + Layout.framePrevious) >>> 2] ?? 0;
    }
    // Not under a user frame (Refscope's own code), or the top frame itself (print called
    // through library code): the current step is right.
    if (found < 0 || found === top) return;
    const step = ++this.step;
    this.popTo(found + 1, step - 1);
    const active = this.stackCode[found];
    const at = this.steps.next();
    const data = this.steps.data;
    data[at] = this.stackLine[found] ?? 0;
    data[at + 1] = active ? active.index : -1;
    data[at + 2] = found;
    data[at + 3] = StepEvent.return;
    if (active) this.scanSlots(this.stackFrame[found] ?? 0, active, step);
    this.sampleHeap(step);
  }

  /**
   * The program is out: write what it sent to stderr after Refscope's stop, without
   * CPython's reports of that stop (./output). Later writes go straight to the output.
   */
  closeStopOutput(): void {
    const kept = this.out.releaseHeld();
    if (kept) this.write('stderr', kept);
  }

  /** End of the run: close frames and bindings still open at the last step. */
  finish(): void {
    this.sync();
    this.recording = false;
    const last = Math.max(this.step, 0);
    this.blocks.finish(this.u32(), last);
    for (let i = 0; i < this.sp; i++) this.frames.set(this.stackRecord[i] ?? 0, 3, last);
    this.sp = 0;
  }

  /**
   * The program's code is over and Python exits (./boot runExit): a step at no line, its
   * event `StepEvent.atexit` (atexit's callbacks run) or `StepEvent.exit` (the program's
   * module is freed). The frames still on the shadow stack end before it. False when the
   * recorder is not recording (the run already ended).
   */
  exitStep(event: number): boolean {
    // An empty program (no line ran) has nothing to exit from.
    if (!this.recording || this.step < 0) return false;
    this.sync();
    this.settleWord(this.u32());
    if (this.outputOpen) this.closeOutputWindow();
    const step = ++this.step;
    this.popTo(0, step - 1);
    const at = this.steps.next();
    const data = this.steps.data;
    data[at] = 0;
    data[at + 1] = -1;
    data[at + 2] = -1;
    data[at + 3] = event;
    this.sampleHeap(step);
    this.blocks.onStep(this.u32(), step - 1);
    return true;
  }

  /** `time.sleep` for the user's program (./budget); false when the run must end instead. */
  sleep(seconds: number): boolean {
    if (this.budget.sleep(seconds)) return true;
    this.recording = false;
    return false;
  }

  /** Settles the last creation's third word (see settleWord) before the recording is read. */
  settlePending(): void {
    this.sync();
    this.settleWord(this.u32());
  }

  /**
   * Seq ranges of the output path's windows (./outputPath). A window still open (a Stop
   * inside print) ends at the last event so far.
   */
  outputWindows(): { start: Int32Array; end: Int32Array } {
    this.sync();
    if (this.outputOpen) this.outputEnd.set(this.outputEnd.length - 1, this.ref.count);
    return { start: this.outputStart.toInt32(), end: this.outputEnd.toInt32() };
  }

  /** Hand output written since the last flush to the page, with the steps so far. */
  flush(): void {
    this.onFlush(this.out.takeNew(), this.step + 1);
  }

  raiseIfStopping(noneObject: number, stopType: number, stopMessage: number): number {
    if (!this.budget.stopReason) return noneObject;
    // Keep raising on every line until the program is out of user code, so that a bare
    // `except:` in a loop cannot swallow the stop.
    if (this.m._PyErr_Occurred()) return 0;
    // Inside an `except` block that caught the stop itself (a bare `except:`, or while an
    // `except OtherError:` is being matched), raise that same exception again. A new one
    // would take it as its __context__, once per frame the stop unwinds: a chain as long as
    // the recursion, which CPython frees recursively, past the browser's stack (a crash,
    // for a program that runs fine without Refscope).
    const handled = this.m._PyErr_GetHandledException();
    if (handled !== 0 && this.m._PyErr_GivenExceptionMatches(handled, stopType)) {
      this.m._PyErr_SetRaisedException(handled);
      return 0;
    }
    if (handled !== 0) this.m._Py_DecRef(handled);
    this.m._PyErr_SetString(stopType, stopMessage);
    return 0;
  }

  /** Reads a value preview of an object bound to a name (immutable built-ins only); set by the engine. */
  preview: PreviewReader | null = null;
  /** Previews: binding index, kind, a, b (trace/preview.ts). */
  readonly previews = new Records(4);
  readonly previewTexts: string[] = [];

  /** Whether the tracer was still ours when the program ended. */
  tracerWasIntact = true;

  /** The recording has been copied out (./recording): its chunks go to the next run (./columns). */
  release(): void {
    for (const r of [this.ref, this.steps, this.frames, this.bindings, this.refcounts, this.held, this.refs, this.refPreviews, this.previews, this.blocks.out]) r.release();
  }

  /**
   * CPython boxes the line number (and instruction offsets) it passes to callbacks;
   * above 256 that is a fresh int, created just before our callback and freed right
   * after. It is the instrumentation's object, not the user's: retract its creation
   * event and skip its destruction.
   */
  protected retractLineInt(obj: number): void {
    if (this.popCreation(obj)) {
      this.pendingChunk = null;
      this.ignoreDestroy2 = this.ignoreDestroy;
      this.ignoreDestroy = obj;
    }
  }

  /** Take back the last reference event if it is the creation of `obj`; whether it was. */
  protected popCreation(obj: number): boolean {
    const last = this.ref.count - 1;
    if (last < 0 || this.ref.get(last, 1) >>> 0 !== obj || (this.ref.get(last, 0) & 1) !== RefEvent.create) return false;
    this.ref.pop();
    this.blocks.retract(last);
    return true;
  }

  /** Value of a compact (one-digit) int, read from its header: lv_tag, then 30-bit digit. */
  private readSmallInt(obj: number): number {
    const heap = this.u32();
    const tag = heap[(obj >>> 2) + 2] ?? 0;
    const digit = heap[(obj >>> 2) + 3] ?? 0;
    return tag >>> 3 === 0 ? 0 : digit;
  }

  /** Bring the shadow stack in line with CPython's frame chain; returns the step's event. */
  private syncStack(frame: number, code: number, step: number): number {
    const heap = this.u32();
    // Walk the real chain from the current frame until a frame we already track.
    let chainLength = 0;
    let f = frame;
    let found = -1;
    while (f !== 0) {
      for (let i = this.sp - 1; i >= 0; i--) {
        if (this.stackFrame[i] === f) {
          found = i;
          break;
        }
      }
      if (found >= 0) break;
      const exec = untag(heap[(f + Layout.frameExecutable) >>> 2] ?? 0);
      if (this.codeIndex.get(exec) >= 0) {
        if (chainLength === this.chain.length) {
          const grown = new Uint32Array(chainLength * 2);
          grown.set(this.chain);
          this.chain = grown;
        }
        this.chain[chainLength++] = f;
      }
      f = heap[(f + Layout.framePrevious) >>> 2] ?? 0;
    }
    const before = this.sp;
    this.popTo(found + 1, step - 1);
    for (let i = chainLength - 1; i >= 0; i--) {
      const fr = this.chain[i] ?? 0;
      const exec = i === 0 ? code : untag(heap[(fr + Layout.frameExecutable) >>> 2] ?? 0);
      this.push(fr, this.codeAt(exec), step);
    }
    if (chainLength > 0) return StepEvent.call;
    return this.sp < before ? StepEvent.return : StepEvent.line;
  }

  private push(frame: number, active: ActiveCode | undefined, step: number): void {
    if (this.sp === this.stackFrame.length) this.growStack();
    const i = this.sp++;
    const record = this.frames.count;
    const at = this.frames.next();
    const f = this.frames.data;
    f[at] = active ? active.index : -1;
    f[at + 1] = i;
    f[at + 2] = step;
    f[at + 3] = -1;
    this.stackFrame[i] = frame;
    this.stackRecord[i] = record;
    this.stackCode[i] = active;
    const base = i === 0 ? 0 : (this.stackSlotBase[i - 1] ?? 0) + (this.stackCode[i - 1]?.info.slotNames.length ?? 0);
    const size = active?.info.slotNames.length ?? 0;
    this.stackSlotBase[i] = base;
    if (base + size > this.slotCache.length) {
      const next = new Uint32Array(Math.max(this.slotCache.length * 2, base + size));
      next.set(this.slotCache);
      this.slotCache = next;
    }
    this.slotCache.fill(0, base, base + size);
    if (active?.isFinalizer) {
      // `__del__(self)`: slot 0 is the object being finalized.
      const self = untag(this.u32()[(frame + Layout.frameLocalsplus) >>> 2] ?? 0);
      this.finSeq.push(this.ref.count);
      this.finStep.push(step);
      this.finAddress.push(self);
      this.finFrame.push(record);
      this.finType.push(self === 0 ? 0 : (this.u32()[(self >>> 2) + 1] ?? 0));
    }
  }

  /** Pop shadow frames down to `depth` entries, closing their bindings at `lastStep`. */
  private popTo(depth: number, lastStep: number): void {
    while (this.sp > depth) {
      const i = --this.sp;
      const record = this.stackRecord[i] ?? 0;
      this.frames.set(record, 3, Math.max(lastStep, this.frames.get(record, 2)));
      const active = this.stackCode[i];
      const base = this.stackSlotBase[i] ?? 0;
      const n = active?.info.slotNames.length ?? 0;
      for (let s = 0; s < n; s++) {
        const previous = this.slotCache[base + s] ?? 0;
        if (previous !== 0) this.bind(record, s, 0, previous, lastStep + 1);
      }
      this.stackCode[i] = undefined;
    }
  }

  private scanSlots(frame: number, active: ActiveCode, step: number): void {
    const heap = this.u32();
    const i = this.sp - 1;
    const base = this.stackSlotBase[i] ?? 0;
    const record = this.stackRecord[i] ?? 0;
    const { slotNames, slotIsCell } = active.info;
    const first = (frame + Layout.frameLocalsplus) >>> 2;
    for (let s = 0; s < slotNames.length; s++) {
      if (slotIsCell[s] === 2) continue;
      let value = untag(heap[first + s] ?? 0);
      if (value !== 0 && slotIsCell[s] === 1 && heap[(value >>> 2) + 1] === this.cellType) {
        value = heap[(value + Layout.cellRef) >>> 2] ?? 0;
      }
      const previous = this.slotCache[base + s] ?? 0;
      if (value !== previous) {
        this.slotCache[base + s] = value;
        this.bind(record, s, value, previous, step);
      }
    }
  }

  /**
   * Record that `name` in `frame` now refers to `address` (0: unbound) instead of
   * `previous`, and keep the watch list of named objects in step.
   */
  protected bind(frame: number, name: number, address: number, previous: number, step: number): void {
    if (address !== 0 && this.preview) {
      const p = this.previews.next();
      this.previews.data[p] = this.bindings.count;
      if (!this.preview(this.u32(), address, this.previews.data, p + 1, this.previewTexts)) this.previews.pop();
    }
    const at = this.bindings.next();
    const b = this.bindings.data;
    b[at] = this.ref.count;
    b[at + 1] = step;
    b[at + 2] = frame;
    b[at + 3] = name;
    b[at + 4] = address;
    b[at + 5] = address === 0 ? 0 : (this.u32()[(address >>> 2) + 1] ?? 0);
    if (previous !== 0) this.unwatch(previous);
    if (address !== 0) this.watch(address, step);
  }

  private watch(address: number, step: number): void {
    const w = this.watched;
    for (let i = 0; i < this.watchLength; i++) {
      if (w[i * WATCH_WIDTH] === (address | 0)) {
        w[i * WATCH_WIDTH + 1]! += 1;
        return;
      }
    }
    if ((this.watchLength + 1) * WATCH_WIDTH > w.length) {
      const grown = new Int32Array(w.length * 2);
      grown.set(w);
      this.watched = grown;
    }
    const i = this.watchLength++;
    const at = i * WATCH_WIDTH;
    const type = this.u32()[(address >>> 2) + 1] ?? 0;
    const kind = type === this.containers.list ? 1 : type === this.containers.tuple ? 2 : 0;
    // Field by field: an array literal here would allocate on every new binding.
    const nw = this.watched;
    nw[at] = address;
    nw[at + 1] = 1;
    nw[at + 2] = -1;
    nw[at + 3] = kind;
    nw[at + 4] = -1;
    nw[at + 5] = -1;
    this.sample(i, step);
    if (kind === 2) this.scanItems(address, address + this.containers.tupleItems, this.u32()[(address >>> 2) + 2] ?? 0, step);
  }

  private unwatch(address: number): void {
    const w = this.watched;
    for (let i = 0; i < this.watchLength; i++) {
      const at = i * WATCH_WIDTH;
      if (w[at] !== (address | 0)) continue;
      if (--w[at + 1]! > 0) return;
      const last = --this.watchLength;
      w.copyWithin(at, last * WATCH_WIDTH, (last + 1) * WATCH_WIDTH);
      return;
    }
  }

  /** Named objects' refcounts, then what they refer to (./references). */
  private sampleHeap(step: number): void {
    for (let i = 0; i < this.watchLength; i++) this.sample(i, step);
    this.references?.visit(step, this.ref.count, this.watched, this.watchLength, WATCH_WIDTH);
  }

  private sample(i: number, step: number): void {
    const w = this.watched;
    const at = i * WATCH_WIDTH;
    const address = w[at]! >>> 0;
    const heap = this.u32();
    const rc = (heap[address >>> 2] ?? 0) | 0;
    if (w[at + 2] !== rc) {
      w[at + 2] = rc;
      const r = this.refcounts.next();
      const d = this.refcounts.data;
      d[r] = this.ref.count;
      d[r + 1] = step;
      d[r + 2] = address;
      d[r + 3] = rc;
    }
    if (w[at + 3] === 1) {
      // A list: rescan its items when its length or its item storage changed.
      const size = heap[(address >>> 2) + 2] ?? 0;
      const items = heap[(address >>> 2) + 3] ?? 0;
      if (w[at + 4] !== size || w[at + 5] !== (items | 0)) {
        w[at + 4] = size;
        w[at + 5] = items;
        if (items !== 0) this.scanItems(address, items, size, step);
      }
    }
  }

  /**
   * Record which objects a named list or tuple holds (its first MAX_ITEMS items), with
   * their type and refcount: an item can predate the run (a small int, an interned
   * string), and then no creation event ever told its type.
   */
  private scanItems(_container: number, items: number, size: number, step: number): void {
    const heap = this.u32();
    const n = Math.min(size, MAX_ITEMS);
    for (let k = 0; k < n; k++) {
      const item = heap[(items >>> 2) + k] ?? 0;
      if (item === 0) continue;
      const at = this.held.next();
      const d = this.held.data;
      d[at] = this.ref.count;
      d[at + 1] = step;
      d[at + 2] = heap[(item >>> 2) + 1] ?? 0;
      d[at + 3] = item;
      const r = this.refcounts.next();
      const rc = this.refcounts.data;
      rc[r] = this.ref.count;
      rc[r + 1] = step;
      rc[r + 2] = item;
      rc[r + 3] = (heap[item >>> 2] ?? 0) | 0;
    }
  }

  private growStack(): void {
    const n = this.stackFrame.length * 2;
    const f = new Uint32Array(n);
    f.set(this.stackFrame);
    this.stackFrame = f;
    const r = new Int32Array(n);
    r.set(this.stackRecord);
    this.stackRecord = r;
    const b = new Int32Array(n);
    b.set(this.stackSlotBase);
    this.stackSlotBase = b;
    const l = new Int32Array(n);
    l.set(this.stackLine);
    this.stackLine = l;
  }
}
