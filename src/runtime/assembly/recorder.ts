// Refscope's recorder, in WebAssembly (AssemblyScript, built by `npm run wasm` into
// ../recorder.wasm.ts). CPython calls it directly — the reference tracer for every object
// created and destroyed, the sys.monitoring callbacks before every line, jump and call —
// wasm to wasm, with no JavaScript on the way. It is ../recorder.ts's hot path (the
// JavaScript reference it must agree with, record for record: tracerWasm.test), ported:
// the shadow stack of user frames, the local slots' bindings and their value previews,
// the named objects' refcounts and list/tuple items, the finalizers, where each freed
// block went (../blocks.ts), the globals, the references walk (../references.ts), the
// step budget.
//
// It shares Pyodide's linear memory and keeps everything in one block the engine reserved
// at boot (../tracerWasm.ts says why that is harmless): a state block, then one region per
// column of the recording, in the column's own layout, that JavaScript copies into the
// recorder's columns (one copy per region) when one is full or one of its callbacks runs.
// It allocates nothing and runs no Python. JavaScript is called only for what is rare or
// needs JavaScript: a full region, a text made once (a label, a global's name, a big int's
// preview), the clock and the page's Stop every 256 steps, a program that is over.
//
// Written with raw loads and stores only: no AssemblyScript object, string or array, so
// the module has no data segment and no allocator (it must never write into Pyodide's
// memory outside its block).

// ---- What JavaScript provides ----------------------------------------------------------
/** A region is full: JavaScript copies every region out and sets their counts back to 0. */
@external("recorder", "drain") declare function drain(): void;
/** A callback ran while the recorder is not recording: None, or 0 with the stop raised. */
@external("recorder", "idle") declare function idle(): i32;
/** Every 256 steps, at the step limit and when the tracer is gone: the clock, the tracer and Stop. 1: stop now. */
@external("recorder", "budget") declare function budget(step: i32): i32;
/** CPython's `PyRefTracer_GetTracer(void **data)`: Pyodide's own export, called wasm to wasm. */
@external("recorder", "getTracer") declare function getTracer(data: u32): u32;
/** A big int's preview, which JavaScript spells, for binding or reference `index`. */
@external("recorder", "previewText") declare function previewText(index: u32, obj: u32, region: u32): void;
/** The last record, already drained, is the creation of `obj`: JavaScript retracts it. */
@external("recorder", "retractDrained") declare function retractDrained(obj: u32): void;
/** A shadow stack, slot cache or watch list outgrew its room: end the run. */
@external("recorder", "overflow") declare function overflow(): void;
/** The JavaScript recorder's callbacks, when it is the one recording lines (mode 0). */
@external("recorder", "jsLine") declare function jsLine(args: u32): i32;
@external("recorder", "jsJump") declare function jsJump(args: u32): i32;
@external("recorder", "jsStart") declare function jsStart(args: u32): i32;
@external("recorder", "jsGlobal") declare function jsGlobal(event: i32, dict: u32, key: u32, value: u32): i32;
/** The index of a global's name (its text is JavaScript's), or -2 for a dunder name, not shown. */
@external("recorder", "globalName") declare function globalName(key: u32): i32;
/** Labels of the references walk (../referenceLabels.ts): JavaScript makes each text once. */
@external("recorder", "labelItem") declare function labelItem(k: u32): i32;
/** 0: `.__closure__[k]`, 1: `[key#k]`, 2: `key#k`. */
@external("recorder", "labelText") declare function labelText(kind: u32, k: u32): i32;
@external("recorder", "labelStr") declare function labelStr(key: u32, attr: u32): i32;
@external("recorder", "labelInt") declare function labelInt(key: u32): i32;
/** A class made at run time is being destroyed (ref event `seq`): JavaScript reads its name while it has one. */
@external("recorder", "typeGone") declare function typeGone(obj: u32, seq: u32): void;
/** Writes a heap type's object slots (offset, label) at `out` (room for `room`); returns how many. */
@external("recorder", "members") declare function members(type: u32, out: u32, room: u32): u32;

// ---- The state block (32-bit words; ../tracerWasm.ts mirrors these) ------------------
const ACTIVE: u32 = 0; // ref events are recorded (recording, and the first line ran)
const STEP: u32 = 4; // current step (-1 before the first line)
const IGNORE1: u32 = 8; // boxed line numbers whose destruction is the instrumentation's
const IGNORE2: u32 = 12;
const TRACER: u32 = 16; // this module's reference tracer (its table index), to check it is still CPython's
const TRACER_DATA: u32 = 20; // getTracer's out-parameter
const PEND_OBJ: u32 = 28; // the last creation, whose third word is read again at the next event
const PEND_SLOT: u32 = 32; // its record's third word in the region; 0 once drained
const SETTLED: u32 = 36; // 1: SETTLED_VALUE belongs to the drained pending record
const SETTLED_VALUE: u32 = 40;
const DEPTH: u32 = 44; // frames on the shadow stack
const FRAME_SLOT: u32 = 48; // address of the thread state's current-frame pointer
const OUTPUT_OPEN: u32 = 52; // an output window is open (../recorder.ts, enterOutput)
const LAST_OBJ: u32 = 56; // the last drained record's object, and whether it is a creation
const LAST_CREATE: u32 = 60;
const NONE: u32 = 64; // None, what a sys.monitoring callback returns
const SEQ: u32 = 68; // reference events recorded so far (drained or not)
const NSTEPS: u32 = 72;
const NFRAMES: u32 = 76;
const NBINDINGS: u32 = 80;
const MAX_STEPS: u32 = 84;
const CELL_TYPE: u32 = 88;
const LAST_BACK_JUMP: u32 = 92;
const WATCH_LEN: u32 = 100;
const REFS_IDLE: u32 = 104; // 1: the references walk's last visit found nothing
const BLOCK_N: u32 = 108; // blocks followed (../blocks.ts)
const LIST: u32 = 112;
const TUPLE: u32 = 116;
const TUPLE_ITEMS: u32 = 120;
const P_INT: u32 = 124; // preview types (../preview.ts)
const P_FLOAT: u32 = 128;
const P_STR: u32 = 132;
const P_BOOL: u32 = 136;
const P_NONE: u32 = 140;
const P_TRUE: u32 = 144;
const REFERENCES: u32 = 148; // 1: the references walk is on
const RECORDING: u32 = 152;
const MODE: u32 = 156; // 1: this module records lines; 0: the JavaScript recorder does
const LAST_LINE: u32 = 160; // the last step's line, code and depth (a JUMP repeats them)
const LAST_CODE: u32 = 164;
const LAST_DEPTH: u32 = 168;
const DICT: u32 = 172;
const SET: u32 = 176;
const FROZENSET: u32 = 180;
const CELL: u32 = 184;
const FUNCTION: u32 = 188;
const PREVIEWS: u32 = 192; // 1: bindings get value previews
const P_TUPLE: u32 = 196;
const COUNTS: u32 = 200; // records in each column's region (REGIONS words)
const GLOBAL_N: u32 = 248; // keys in the globals' table
const NTEXTS: u32 = 252; // preview texts made so far (drained or not)

// Tables after the words (byte offsets).
const STACK: u32 = 256; // per frame: frame, record, code index, slot base, line
const STACK_WORDS: u32 = 5;
const MAX_STACK: u32 = 2048;
const CHAIN: u32 = STACK + MAX_STACK * STACK_WORDS * 4; // frames found above the stack's top
const CODES: u32 = CHAIN + MAX_STACK * 4; // per code: pointer, slots, finalizer, cell flags offset
const CODE_WORDS: u32 = 4;
const MAX_CODES: u32 = 512;
const NCODES: u32 = 96;
const CELLS: u32 = CODES + MAX_CODES * CODE_WORDS * 4; // a byte per slot: 0 plain, 1 maybe a cell, 2 skipped
const MAX_CELLS: u32 = 16384;
const SLOTS: u32 = CELLS + MAX_CELLS; // last seen value of every slot of every frame on the stack
const MAX_SLOTS: u32 = 16384;
const WATCH: u32 = SLOTS + MAX_SLOTS * 4; // named objects: address, bindings, refcount, kind, size, items
const WATCH_WORDS: u32 = 6;
const MAX_WATCH: u32 = 4096;
const BLOCKS: u32 = WATCH + MAX_WATCH * WATCH_WORDS * 4; // pending blocks: seq, block, size, obj, type, state, looks
const BLOCK_WORDS: u32 = 7;
const MAX_PENDING: u32 = 64;
const GLOBAL_KEYS: u32 = BLOCKS + MAX_PENDING * BLOCK_WORDS * 4; // open addressing: key str, 1 + name index
const GLOBAL_SLOTS: u32 = 2048;
const GLOBAL_VALUES: u32 = GLOBAL_KEYS + GLOBAL_SLOTS * 8; // current value per name index
const MAX_GLOBALS: u32 = 2048;
/** Items of a named list or tuple looked at, per scan; references read per container. */
const MAX_ITEMS: u32 = 256;
// The references walk (../references.ts): its own words, the objects reached this step, the
// step's and the last step's references, the diff's index, the reached objects' refcounts,
// and caches of the labels JavaScript made.
const WALK: u32 = GLOBAL_VALUES + MAX_GLOBALS * 4; // 32 words, below
const VISIT_SLOTS: u32 = 8192;
const VISIT_KEYS: u32 = WALK + 128;
const VISIT_STAMPS: u32 = VISIT_KEYS + VISIT_SLOTS * 4;
const OBJECTS: u32 = 200; // REFERENCE_LIMITS
const WALK_DEPTH: u32 = 4;
const MAX_REFS: u32 = 2048;
const QUEUE_CAP: u32 = MAX_WATCH + OBJECTS;
const QUEUE: u32 = VISIT_STAMPS + VISIT_SLOTS * 4;
const QUEUE_DEPTH: u32 = QUEUE + QUEUE_CAP * 4; // a byte each
const EDGES_A: u32 = QUEUE_DEPTH + QUEUE_CAP; // holder, label, target, holder type, target type
const EDGES_B: u32 = EDGES_A + MAX_REFS * 20;
const DIFF_SLOTS: u32 = 4096;
const DIFF_VALUES: u32 = EDGES_B + MAX_REFS * 20;
const DIFF_STAMPS: u32 = DIFF_VALUES + DIFF_SLOTS * 4;
const MATCHED: u32 = DIFF_STAMPS + DIFF_SLOTS * 4; // a byte per row of the last step's references
const RC_SLOTS: u32 = 1024;
const RC_A: u32 = MATCHED + MAX_REFS; // keys, values, stamps
const RC_B: u32 = RC_A + RC_SLOTS * 12;
const ITEM_LABELS: u32 = RC_B + RC_SLOTS * 12; // 1 + label of `[k]`, k < MAX_ITEMS
const CLOSURE_LABELS: u32 = ITEM_LABELS + MAX_ITEMS * 4; // `.__closure__[k]`
const KEY_LABELS: u32 = CLOSURE_LABELS + MAX_ITEMS * 4; // `[key#k]`, then `key#k`
const INT_LOW: i32 = -256;
const INT_LABELS: u32 = KEY_LABELS + MAX_ITEMS * 8; // `[v]`, INT_LOW <= v < INT_HIGH
const INT_HIGH: i32 = 1024;
const STR_SLOTS: u32 = 1024;
const STR_LABELS: u32 = INT_LABELS + <u32>(INT_HIGH - INT_LOW) * 4; // key, hash, item label, attribute label
const MEMBER_TYPES: u32 = STR_LABELS + STR_SLOTS * 16; // type, first member, count
const MAX_MEMBER_TYPES: u32 = 256;
const MEMBERS: u32 = MEMBER_TYPES + MAX_MEMBER_TYPES * 12; // offset, label
const MAX_MEMBERS: u32 = 1024;
// A bit per watched object (by its index in WATCH): sampled at every step (not immortal);
// may hold a reference the walk follows (not `holdsNothingEver`). The steps
// loop over these bits, not over every named object: a deep recursion names dozens of small
// ints, immortal and holding nothing, that no step needs to look at again.
const SAMPLED_BITS: u32 = MEMBERS + MAX_MEMBERS * 8;
const HOLDS_BITS: u32 = SAMPLED_BITS + MAX_WATCH / 8;
// How many watched objects hash to each bucket (u16): a name bound to an object not watched
// yet (a bucket at 0) needs no scan of the watch list. A recursion 200 deep scanned 200
// entries at every call.
const WATCH_BUCKETS: u32 = HOLDS_BITS + MAX_WATCH / 8;
const BUCKETS: u32 = 2048;
// The same for the frames on the shadow stack: a frame not on it (every new call's) needs no
// scan of the stack, 200 entries at every call of a recursion 200 deep.
const STACK_BUCKETS: u32 = WATCH_BUCKETS + BUCKETS * 2;
const STATE_END: u32 = STACK_BUCKETS + BUCKETS * 2;

// The walk's words (byte offsets from WALK).
const W_STAMP: u32 = 0;
const W_QLEN: u32 = 4;
const W_NAMED: u32 = 8;
const W_CUR: u32 = 12; // this step's references (EDGES_A or EDGES_B) and their number
const W_CUR_LEN: u32 = 16;
const W_PREV: u32 = 20;
const W_PREV_LEN: u32 = 24;
const W_HOLDER_TYPE: u32 = 28;
const W_DIFF_STAMP: u32 = 32;
const W_RC_LAST: u32 = 36; // RC_A or RC_B
const W_RC_NEXT: u32 = 40;
const W_RC_STAMP: u32 = 44; // one stamp for both maps: each clear takes a new one
const W_NREFS: u32 = 48;
const W_EMPTY_LABEL: u32 = 52;
const W_CELL_LABEL: u32 = 56;
const W_DICT_LABEL: u32 = 60;
const W_STR_N: u32 = 64;
const W_MEMBER_TYPES: u32 = 68;
const W_MEMBERS: u32 = 72;


// Records go to one region per column, in the layout of the recorder's columns
// (../recorder.ts), so that JavaScript copies each region into its column in one piece.
const R_REF: u32 = 0; // step << 1 | event, obj, type, third word, chunk size (0 for a destruction)
const R_STEPS: u32 = 1; // line, code, depth, event
const R_FRAMES: u32 = 2; // code, depth, first step, last step (-1: see the patches)
const R_BINDINGS: u32 = 3; // seq, step, frame, name, address, type
const R_REFCOUNTS: u32 = 4; // seq, step, address, value
const R_HELD: u32 = 5; // seq, step, type, item
const R_PREVIEWS: u32 = 6; // binding, kind, a, b
const R_FATES: u32 = 7; // destroy seq, fate, value, step
const R_PATCHES: u32 = 8; // kind, then up to 5 words: what is not a column's new record
const R_REFS: u32 = 9; // seq, step, holder, label, target, holder type, target type, open
const R_REF_PREVIEWS: u32 = 10; // refs record, kind, a, b
const R_TEXTS: u32 = 11; // a str preview's text: length, code points copied, up to PREVIEW_CHARS code points
const REGIONS: u32 = 12;
/** Characters of a str preview (../preview.ts MAX_CHARS). */
const PREVIEW_CHARS: u32 = 40;
const P_FRAME_END: u32 = 1; // frame record, last step, 1: at least its first step
const P_FIN: u32 = 2; // seq, step, address, frame record, type
const P_OUTPUT_CLOSE: u32 = 3; // seq

@inline function regionWidth(r: u32): u32 {
  return r == R_REF ? 5 : r == R_BINDINGS || r == R_PATCHES ? 6 : r == R_REFS ? 8 : r == R_TEXTS ? 2 + PREVIEW_CHARS : 4;
}
@inline function regionCap(r: u32): u32 {
  return r == R_REF ? 8192 : r == R_STEPS || r == R_REFCOUNTS ? 4096 : r == R_BINDINGS || r == R_REFS ? 2048 : r == R_PREVIEWS || r == R_FATES || r == R_REF_PREVIEWS ? 1024 : r == R_TEXTS ? 128 : 512;
}
// The regions follow the tables, in order.
const REF_AT: u32 = STATE_END;
const STEPS_AT: u32 = REF_AT + 8192 * 5 * 4;
const FRAMES_AT: u32 = STEPS_AT + 4096 * 4 * 4;
const BINDINGS_AT: u32 = FRAMES_AT + 512 * 4 * 4;
const REFCOUNTS_AT: u32 = BINDINGS_AT + 2048 * 6 * 4;
const HELD_AT: u32 = REFCOUNTS_AT + 4096 * 4 * 4;
const PREVIEWS_AT: u32 = HELD_AT + 512 * 4 * 4;
const FATES_AT: u32 = PREVIEWS_AT + 1024 * 4 * 4;
const PATCHES_AT: u32 = FATES_AT + 1024 * 4 * 4;
const REFS_AT: u32 = PATCHES_AT + 512 * 6 * 4;
const REF_PREVIEWS_AT: u32 = REFS_AT + 2048 * 8 * 4;
const TEXTS_AT: u32 = REF_PREVIEWS_AT + 1024 * 4 * 4;
const END: u32 = TEXTS_AT + 128 * (2 + PREVIEW_CHARS) * 4;

/** Byte offset of region `r` from the state block; `REGIONS`: the end of the last. */
@inline function base(r: u32): u32 {
  return r == R_REF ? REF_AT : r == R_STEPS ? STEPS_AT : r == R_FRAMES ? FRAMES_AT : r == R_BINDINGS ? BINDINGS_AT : r == R_REFCOUNTS ? REFCOUNTS_AT : r == R_HELD ? HELD_AT : r == R_PREVIEWS ? PREVIEWS_AT : r == R_FATES ? FATES_AT : r == R_PATCHES ? PATCHES_AT : r == R_REFS ? REFS_AT : r == R_REF_PREVIEWS ? REF_PREVIEWS_AT : r == R_TEXTS ? TEXTS_AT : END;
}

export function regionBase(r: u32): u32 {
  return base(r);
}

/** Records region `r` holds. */
export function regionRecords(r: u32): u32 {
  return regionCap(r);
}

// StepEvent, BlockFate, PreviewKind (../../trace).
const EV_LINE: i32 = 0;
const EV_CALL: i32 = 1;
const EV_RETURN: i32 = 2;
const F_UNKNOWN: i32 = 0;
const F_OBJECT: i32 = 1;
const F_ALLOCATION: i32 = 2;
const F_MERGED: i32 = 3;
const F_FREE: i32 = 4;
const F_KEPT: i32 = 5;
const F_FREE_LIST: i32 = 6;
const PK_INT: i32 = 1;
const PK_FLOAT: i32 = 2;
const PK_TRUE: i32 = 3;
const PK_FALSE: i32 = 4;
const PK_NONE: i32 = 5;
const PK_TUPLE: i32 = 6;
const PK_TEXT: i32 = 7;

// CPython 3.14 on wasm32 (../wasm.ts Layout, ../references.ts L).
const FRAME_PREVIOUS: u32 = 4;
const FRAME_LOCALSPLUS: u32 = 40;
const TP_FLAGS: u32 = 84;
const HAVE_GC: u32 = 1 << 14;
const PREHEADER: u32 = (1 << 4) | (1 << 3); // MANAGED_DICT | MANAGED_WEAKREF
const HEAP_TYPE: u32 = 1 << 9;
const LIST_SUBCLASS: u32 = 1 << 25;
const TUPLE_SUBCLASS: u32 = 1 << 26;
const DICT_SUBCLASS: u32 = 1 << 29;
const LONG_SUBCLASS: u32 = 1 << 24;
const UNICODE_SUBCLASS: u32 = 1 << 28;
const TYPE_SUBCLASS: u32 = 1 << 31;
const FUNC_CLOSURE: u32 = 36;
/** `tp_base`: 0 only in `object` itself. */
const TP_BASE: u32 = 128;

/** The state block's address (one recorder per interpreter). */
let S: u32 = 0;

export function init(state: u32): void {
  S = state;
}

/** Bytes of the state block before the record buffer. */
export function stateBytes(): u32 {
  return STATE_END;
}

/** Bytes of the state block and the regions: what the engine reserves. */
export function totalBytes(): u32 {
  return END;
}

@inline function get(field: u32): u32 {
  return load<u32>(S + field);
}
@inline function set(field: u32, value: u32): void {
  store<u32>(S + field, value);
}
@inline function word(address: u32): u32 {
  return load<u32>(address);
}
@inline function untag(ref: u32): u32 {
  return ref & ~3;
}
/**
 * Slot of `key` in a table of `slots` (a power of two): the top bits of a multiplicative
 * hash. Its low bits would not do: addresses are multiples of 8, and so are their products
 * with an odd constant, so a table indexed by them used an eighth of its slots.
 */
@inline function hashSlot(key: u32, slots: u32): u32 {
  return (key * 0x9e3779b1) >> (clz(slots) + 1);
}
// Word loops rather than memory.copy and memory.fill, which V8 compiles to a call into
// its runtime: these move a few words, at every step.
@inline function copyWords(to: u32, from: u32, words: u32): void {
  for (let k: u32 = 0; k < words; k++) store<u32>(to + k * 4, load<u32>(from + k * 4));
}
@inline function zeroWords(at: u32, words: u32): void {
  for (let k: u32 = 0; k < words; k++) store<u32>(at + k * 4, 0);
}

// ---- Records ----------------------------------------------------------------------------

/** Address of a new record in region `r` (JavaScript drains the regions when it is full). */
@inline function next(r: u32): u32 {
  const counter = S + COUNTS + r * 4;
  let n = load<u32>(counter);
  if (n == regionCap(r)) {
    drain();
    n = 0;
  }
  store<u32>(counter, n + 1);
  return S + base(r) + n * regionWidth(r) * 4;
}

@inline function count(r: u32): u32 {
  return load<u32>(S + COUNTS + r * 4);
}

@inline function emit4(r: u32, a: u32, b: u32, c: u32, d: u32): void {
  const at = next(r);
  store<u32>(at, a);
  store<u32>(at, b, 4);
  store<u32>(at, c, 8);
  store<u32>(at, d, 12);
}

function patch(kind: u32, a: u32, b: u32, c: u32, d: u32, e: u32): void {
  const at = next(R_PATCHES);
  store<u32>(at, kind);
  store<u32>(at, a, 4);
  store<u32>(at, b, 8);
  store<u32>(at, c, 12);
  store<u32>(at, d, 16);
  store<u32>(at, e, 20);
}

// ---- The reference tracer ---------------------------------------------------------------

/** Start of the block malloc returned for `obj` (`_PyType_PreHeaderSize`; ../blocks.ts). */
function blockStart(obj: u32, type: u32): u32 {
  if (type == 0) return obj;
  const flags = word(type + TP_FLAGS);
  let block = obj;
  if (flags & HAVE_GC) block -= 8;
  if (flags & PREHEADER) block -= 8;
  return block;
}

/** dlmalloc's chunk size of the in-use block at `block`, or 0 (../blocks.ts chunkAt). */
function chunkAt(block: u32): u32 {
  const head = word(block - 4);
  return (head & 2) != 0 && (block & 7) == 0 && head >= 16 ? head & ~7 : 0;
}

/** The pending creation's third word, now that CPython has filled it in. */
export function settle(): void {
  const pend = get(PEND_OBJ);
  if (pend == 0) return;
  const at = get(PEND_SLOT);
  if (at != 0) store<u32>(at, word(pend + 8));
  else {
    set(SETTLED_VALUE, word(pend + 8));
    set(SETTLED, 1);
  }
  set(PEND_OBJ, 0);
}

/** `int tracer(PyObject *obj, PyRefTracerEvent event, void *data)`: event 0 created, 1 destroyed. */
export function onRef(obj: u32, event: u32, _data: u32): i32 {
  if (get(ACTIVE) == 0) return 0;
  if (event == 1) {
    // The boxed line number's destruction: skip it (once).
    if (obj == get(IGNORE1)) {
      set(IGNORE1, 0);
      return 0;
    }
    if (obj == get(IGNORE2)) {
      set(IGNORE2, 0);
      return 0;
    }
  }
  settle();
  const type = word(obj + 4);
  const block = blockStart(obj, type);
  const chunk = chunkAt(block);
  const seq = get(SEQ);
  const step = get(STEP);
  // A creation's block decision and its record in the same drain (retract fixes the first).
  if (count(R_REF) == regionCap(R_REF) || count(R_FATES) == regionCap(R_FATES)) drain();
  blockEvent(seq, step, obj, type, event == 1, block, chunk);
  const at = next(R_REF);
  store<u32>(at, (step << 1) | event);
  store<u32>(at, obj, 4);
  store<u32>(at, type, 8);
  store<u32>(at, word(obj + 8), 12);
  store<u32>(at, event == 0 ? chunk : 0, 16);
  set(SEQ, seq + 1);
  if (event == 1 && type != 0 && (word(type + TP_FLAGS) & TYPE_SUBCLASS) != 0 && (word(obj + TP_FLAGS) & HEAP_TYPE) != 0) typeGone(obj, seq);
  if (event == 0) {
    set(PEND_OBJ, obj);
    set(PEND_SLOT, at + 12);
  }
  return 0;
}

/**
 * A boxed line number (or instruction offset) CPython made only to pass it to a callback:
 * the instrumentation's object, not the program's. Retract its creation, skip its
 * destruction (../recorder.ts retractLineInt).
 */
export function retract(obj: u32): void {
  const n = count(R_REF);
  if (n > 0) {
    const rec = S + REF_AT + (n - 1) * 20;
    if (word(rec + 4) != obj || (word(rec) & 1) != 0) return;
    store<u32>(S + COUNTS + R_REF * 4, n - 1);
    const seq = get(SEQ) - 1;
    // A block the creation took is not followed further (BlockWatch.retract, which looks
    // back as far).
    const fates = count(R_FATES);
    const first = fates > MAX_PENDING ? fates - MAX_PENDING : 0;
    for (let i = fates; i > first; i--) {
      const f = S + FATES_AT + (i - 1) * 16;
      const fate = <i32>word(f + 4);
      if (word(f + 8) == seq && (fate == F_OBJECT || fate == F_FREE_LIST)) store<u32>(f + 4, F_UNKNOWN);
    }
    set(SEQ, seq);
  } else {
    if (get(LAST_OBJ) != obj || get(LAST_CREATE) == 0) return;
    retractDrained(obj);
    set(SEQ, get(SEQ) - 1);
  }
  set(PEND_OBJ, 0);
  set(IGNORE2, get(IGNORE1));
  set(IGNORE1, obj);
}

// ---- Where freed blocks went (../blocks.ts, the same decisions) -------------------------

const AWAIT: u32 = 0;
const FREE: u32 = 1;
let fateValue: u32 = 0;

@inline function pending(i: u32): u32 {
  return S + BLOCKS + i * BLOCK_WORDS * 4;
}

function blockEvent(seq: u32, step: u32, obj: u32, type: u32, destroy: bool, block: u32, size: u32): void {
  const n = get(BLOCK_N);
  if (!destroy) {
    for (let i: u32 = 0; i < n; i++) {
      const p = pending(i);
      if (word(p + 4) == block) {
        const viaList = word(p + 20) == AWAIT && word(p + 24) > 0 && word(p + 16) == type;
        decide(i, viaList ? F_FREE_LIST : F_OBJECT, seq, step);
        return;
      }
    }
    return;
  }
  if (size == 0) return;
  if (n == MAX_PENDING) decide(0, F_UNKNOWN, 0, step);
  const p = pending(get(BLOCK_N));
  store<u32>(p, seq);
  store<u32>(p, block, 4);
  store<u32>(p, size, 8);
  store<u32>(p, obj, 12);
  store<u32>(p, type, 16);
  store<u32>(p, AWAIT, 20);
  store<u32>(p, 0, 24);
  set(BLOCK_N, get(BLOCK_N) + 1);
}

function decide(i: u32, fate: i32, value: u32, step: u32): void {
  const p = pending(i);
  emit4(R_FATES, word(p), fate, value, step);
  const last = get(BLOCK_N) - 1;
  set(BLOCK_N, last);
  copyWords(p, p + BLOCK_WORDS * 4, (last - i) * BLOCK_WORDS);
}

/** A step ended (`step` the one that ended): read the pending blocks' chunk headers. */
function blockStep(step: u32): void {
  for (let i: u32 = 0; i < get(BLOCK_N); ) {
    const fate = fateOf(i);
    if (fate < 0) {
      const p = pending(i);
      if (word(p + 24) < 255) store<u32>(p + 24, word(p + 24) + 1);
      i++;
    } else decide(i, fate, fateValue, step);
  }
}

@inline function fateOf(i: u32): i32 {
  const p = pending(i);
  const c = word(p + 4) - 8;
  const size = word(p + 8);
  const head = word(c + 4);
  const nextHead = word(c + size + 4);
  const foot = word(c + size);
  const inUse = (head & 2) != 0;
  const nextSaysInUse = (nextHead & 1) != 0;
  if (word(p + 20) == AWAIT) {
    if (inUse && (head & ~7) == size && nextSaysInUse) {
      if (word(word(p + 12) + 4) == word(p + 16)) return -1;
      fateValue = size;
      return F_ALLOCATION;
    }
    if (!inUse && (head & ~7) == size) {
      store<u32>(p + 20, FREE);
      return freeFate(head, nextSaysInUse, foot, size);
    }
    return changed(inUse, head, nextSaysInUse, foot, size);
  }
  if (inUse) {
    fateValue = head & ~7;
    return F_ALLOCATION;
  }
  return freeFate(head, nextSaysInUse, foot, size);
}

function freeFate(head: u32, nextSaysInUse: bool, foot: u32, size: u32): i32 {
  if ((head & ~7) == size && !nextSaysInUse && foot == size) return -1;
  return changed(false, head, nextSaysInUse, foot, size);
}

function changed(inUse: bool, head: u32, nextSaysInUse: bool, foot: u32, size: u32): i32 {
  const now = head & ~7;
  if (!inUse && now > size) {
    fateValue = now;
    return F_MERGED;
  }
  if (!nextSaysInUse || foot > size) {
    fateValue = !nextSaysInUse && foot > size ? foot : 0;
    return F_MERGED;
  }
  fateValue = inUse ? now : 0;
  return inUse ? F_ALLOCATION : F_MERGED;
}

// ---- The shadow stack -------------------------------------------------------------------

@inline function frameAt(i: u32): u32 {
  return S + STACK + i * STACK_WORDS * 4;
}
@inline function stackBucket(frame: u32): u32 {
  return S + STACK_BUCKETS + hashSlot(frame, BUCKETS) * 2;
}

/** Index of `frame` on the shadow stack at or below `top`, or -1. */
function stackFind(frame: u32, top: i32): i32 {
  if (load<u16>(stackBucket(frame)) == 0) return -1;
  for (let i = top; i >= 0; i--) if (word(frameAt(<u32>i)) == frame) return i;
  return -1;
}
@inline function codeAt(ci: i32): u32 {
  return S + CODES + (<u32>ci) * CODE_WORDS * 4;
}
@inline function slotCount(ci: i32): u32 {
  return ci < 0 ? 0 : word(codeAt(ci) + 4);
}

/** Index of user code `code`, or -1. A linear scan: programs have few code objects. */
function codeIndex(code: u32): i32 {
  const n = get(NCODES);
  for (let i: u32 = 0; i < n; i++) if (word(S + CODES + i * CODE_WORDS * 4) == code) return <i32>i;
  return -1;
}

@inline function emitStep(line: i32, ci: i32, depth: i32, event: i32): void {
  emit4(R_STEPS, line, ci, depth, event);
  set(NSTEPS, get(NSTEPS) + 1);
  set(LAST_LINE, line);
  set(LAST_CODE, ci);
  set(LAST_DEPTH, depth);
}

/** Bring the shadow stack in line with CPython's frame chain; returns the step's event. */
function syncStack(frame: u32, code: u32, step: i32): i32 {
  const sp = get(DEPTH);
  let chain: u32 = 0;
  let f = frame;
  let found: i32 = -1;
  while (f != 0) {
    found = stackFind(f, <i32>sp - 1);
    if (found >= 0) break;
    if (codeIndex(untag(word(f))) >= 0) {
      if (chain == MAX_STACK) {
        overflow();
        return EV_LINE;
      }
      store<u32>(S + CHAIN + chain * 4, f);
      chain++;
    }
    f = word(f + FRAME_PREVIOUS);
  }
  popTo(found + 1, step - 1);
  for (let i = <i32>chain - 1; i >= 0; i--) {
    const fr = word(S + CHAIN + (<u32>i) * 4);
    const exec = i == 0 ? code : untag(word(fr));
    if (!push(fr, codeIndex(exec), step)) return EV_LINE;
  }
  if (chain > 0) return EV_CALL;
  return get(DEPTH) < sp ? EV_RETURN : EV_LINE;
}

function push(frame: u32, ci: i32, step: i32): bool {
  const i = get(DEPTH);
  const base = i == 0 ? 0 : word(frameAt(i - 1) + 12) + slotCount(<i32>word(frameAt(i - 1) + 8));
  const size = slotCount(ci);
  if (i == MAX_STACK || <u32>(base + size) > MAX_SLOTS) {
    overflow();
    return false;
  }
  set(DEPTH, i + 1);
  const record = get(NFRAMES);
  set(NFRAMES, record + 1);
  emit4(R_FRAMES, ci, i, step, -1);
  const at = frameAt(i);
  store<u32>(at, frame);
  const b = stackBucket(frame);
  store<u16>(b, load<u16>(b) + 1);
  store<u32>(at, record, 4);
  store<u32>(at, ci, 8);
  store<u32>(at, base, 12);
  zeroWords(S + SLOTS + base * 4, size);
  if (ci >= 0 && word(codeAt(ci) + 8) != 0) {
    // `__del__(self)`: slot 0 is the object being finalized.
    const self = untag(word(frame + FRAME_LOCALSPLUS));
    patch(P_FIN, get(SEQ), step, self, record, self == 0 ? 0 : word(self + 4));
  }
  return true;
}

/** Pop shadow frames down to `depth` entries, closing their bindings at `lastStep`. */
function popTo(depth: i32, lastStep: i32): void {
  while (<i32>get(DEPTH) > depth) {
    const i = get(DEPTH) - 1;
    set(DEPTH, i);
    const at = frameAt(i);
    const b = stackBucket(word(at));
    store<u16>(b, load<u16>(b) - 1);
    const record = word(at + 4);
    patch(P_FRAME_END, record, lastStep, 1, 0, 0);
    const ci = <i32>word(at + 8);
    const base = word(at + 12);
    const n = slotCount(ci);
    for (let s: u32 = 0; s < n; s++) {
      const previous = word(S + SLOTS + (base + s) * 4);
      if (previous != 0) bind(record, s, 0, previous, lastStep + 1);
    }
    store<i32>(at + 8, -1);
  }
}

/** The top frame's local slots against what they held at the last step. */
function scanSlots(frame: u32, step: i32): void {
  const at = frameAt(get(DEPTH) - 1);
  const ci = <i32>word(at + 8);
  if (ci < 0) return;
  const base = word(at + 12);
  const record = word(at + 4);
  const code = codeAt(ci);
  const n = word(code + 4);
  const cells = S + CELLS + word(code + 12);
  const first = frame + FRAME_LOCALSPLUS;
  const cellType = get(CELL_TYPE);
  for (let s: u32 = 0; s < n; s++) {
    const kind = load<u8>(cells + s);
    if (kind == 2) continue;
    let value = untag(word(first + s * 4));
    if (value != 0 && kind == 1 && word(value + 4) == cellType) value = word(value + 8);
    const slot = S + SLOTS + (base + s) * 4;
    const previous = word(slot);
    if (value != previous) {
      store<u32>(slot, value);
      bind(record, s, value, previous, step);
    }
  }
}

// ---- Bindings, watched objects, refcounts -----------------------------------------------

/**
 * `name` in frame record `frame` (-1: globals) now refers to `address` (0: unbound)
 * instead of `previous`. Exported for the globals watcher, which stays in JavaScript.
 */
export function bind(frame: i32, name: i32, address: u32, previous: u32, step: i32): void {
  if (address != 0 && get(PREVIEWS) != 0) preview(address, get(NBINDINGS), R_PREVIEWS);
  const type = address == 0 ? 0 : word(address + 4);
  const at = next(R_BINDINGS);
  store<u32>(at, get(SEQ));
  store<i32>(at, step, 4);
  store<i32>(at, frame, 8);
  store<i32>(at, name, 12);
  store<u32>(at, address, 16);
  store<u32>(at, type, 20);
  set(NBINDINGS, get(NBINDINGS) + 1);
  if (previous != 0) unwatch(previous);
  if (address != 0) watch(address, step);
}

/** A value preview for the binding about to be recorded (../preview.ts, the same numbers). */
function preview(obj: u32, binding: u32, region: u32): void {
  const type = word(obj + 4);
  let kind: i32 = 0;
  let a: u32 = 0;
  let b: u32 = 0;
  if (type == get(P_INT)) {
    const tag = word(obj + 8);
    const digits = tag >> 3;
    if ((tag & 3) == 1 || digits == 0) kind = PK_INT;
    else if (digits == 1) {
      kind = PK_INT;
      a = (tag & 3) == 2 ? -word(obj + 12) : word(obj + 12);
    } else {
      // A big int: JavaScript spells it (and adds its text).
      previewText(binding, obj, region);
      set(NTEXTS, get(NTEXTS) + 1);
      return;
    }
  } else if (type == get(P_FLOAT)) {
    kind = PK_FLOAT;
    a = word(obj + 8);
    b = word(obj + 12);
  } else if (type == get(P_STR)) {
    kind = PK_TEXT;
    a = strText(obj);
  } else if (type == get(P_BOOL)) kind = obj == get(P_TRUE) ? PK_TRUE : PK_FALSE;
  else if (type == get(P_NONE)) kind = PK_NONE;
  else if (type == get(P_TUPLE)) {
    kind = PK_TUPLE;
    a = word(obj + 8);
  } else return;
  if (region == R_PREVIEWS) emit4(R_PREVIEWS, binding, kind, a, b);
  else emit4(R_REF_PREVIEWS, binding, kind, a, b);
}

/**
 * A str's first PREVIEW_CHARS code points, for JavaScript to spell as a preview text after
 * the run's next drain (../preview.ts readStr: PEP 393 compact strings). Its text index.
 */
function strText(obj: u32): u32 {
  const at = next(R_TEXTS);
  const length = word(obj + 8);
  const state = word(obj + 16);
  const kind = (state >> 2) & 7;
  const data = obj + (((state >> 6) & 1) != 0 ? 20 : 28);
  const n = length < PREVIEW_CHARS ? length : PREVIEW_CHARS;
  store<u32>(at, length);
  store<u32>(at, n, 4);
  for (let i: u32 = 0; i < n; i++) {
    const c: u32 = kind == 1 ? <u32>load<u8>(data + i) : kind == 2 ? <u32>load<u16>(data + 2 * i) : word(data + 4 * i);
    store<u32>(at + 8 + 4 * i, c);
  }
  const index = get(NTEXTS);
  set(NTEXTS, index + 1);
  return index;
}

@inline function watched(i: u32): u32 {
  return S + WATCH + i * WATCH_WORDS * 4;
}

@inline function setBit(table: u32, i: u32, on: bool): void {
  const at = S + table + (i >> 5) * 4;
  const bit: u32 = 1 << (i & 31);
  store<u32>(at, on ? word(at) | bit : word(at) & ~bit);
}
@inline function bitOf(table: u32, i: u32): bool {
  return (word(S + table + (i >> 5) * 4) & (<u32>1 << (i & 31))) != 0;
}

// A watched object's kind (its fourth word): a list or a tuple, whose items are read; and
// what cannot change while it is watched, so that no step looks again.
const K_LIST: u32 = 1;
const K_TUPLE: u32 = 2;
/** Immortal when first named: its refcount never moves again (sampled once, at `watch`). */
const K_IMMORTAL: u32 = 4;
/** Can never hold a reference the walk follows (`holdsNothingEver`): `anyHolds` skips it. */
const K_HOLDS_NOTHING: u32 = 8;
/** `_Py_IsImmortal` on 32-bit CPython: a refcount of 2**30 or more, which increfs and decrefs leave as it is. */
const IMMORTAL_REFCNT: u32 = 1 << 30;

/**
 * Whether `obj` can never hold a reference the walk follows (`holds`), so that no step asks
 * again: an int, float, str, bool or None; a function without a closure (`__closure__` is
 * read-only); a bare `object()` (the one type without a base). None of them can take another
 * `__class__`: CPython allows that only between mutable types or module subclasses.
 */
function holdsNothingEver(obj: u32, type: u32): bool {
  if (type == get(P_INT) || type == get(P_FLOAT) || type == get(P_STR) || type == get(P_BOOL) || type == get(P_NONE)) return true;
  if (type == get(FUNCTION)) return word(obj + FUNC_CLOSURE) == 0;
  return type != 0 && word(type + TP_BASE) == 0;
}

@inline function watchBucket(address: u32): u32 {
  return S + WATCH_BUCKETS + hashSlot(address, BUCKETS) * 2;
}

function watch(address: u32, step: i32): void {
  const n = get(WATCH_LEN);
  const b = watchBucket(address);
  if (load<u16>(b) != 0) {
    for (let i: u32 = 0; i < n; i++) {
      const w = watched(i);
      if (word(w) == address) {
        store<u32>(w + 4, word(w + 4) + 1);
        return;
      }
    }
  }
  if (n == MAX_WATCH) {
    overflow();
    return;
  }
  store<u16>(b, load<u16>(b) + 1);
  set(WATCH_LEN, n + 1);
  const w = watched(n);
  const type = word(address + 4);
  let kind: u32 = type == get(LIST) ? K_LIST : type == get(TUPLE) ? K_TUPLE : 0;
  if (word(address) >= IMMORTAL_REFCNT) kind |= K_IMMORTAL;
  if (holdsNothingEver(address, type)) kind |= K_HOLDS_NOTHING;
  store<u32>(w, address);
  store<u32>(w, 1, 4);
  store<i32>(w, -1, 8);
  store<u32>(w, kind, 12);
  store<i32>(w, -1, 16);
  store<i32>(w, -1, 20);
  setBit(SAMPLED_BITS, n, (kind & K_IMMORTAL) == 0);
  setBit(HOLDS_BITS, n, (kind & K_HOLDS_NOTHING) == 0);
  sample(n, step);
  if (kind & K_TUPLE) scanItems(address + get(TUPLE_ITEMS), word(address + 8), step);
}

function unwatch(address: u32): void {
  const n = get(WATCH_LEN);
  // From the newest: a returning call unbinds what it bound last.
  for (let i = n; i > 0; ) {
    i--;
    const w = watched(i);
    if (word(w) != address) continue;
    const left = word(w + 4) - 1;
    store<u32>(w + 4, left);
    if (left > 0) return;
    const b = watchBucket(address);
    store<u16>(b, load<u16>(b) - 1);
    set(WATCH_LEN, n - 1);
    copyWords(w, watched(n - 1), WATCH_WORDS);
    // The last entry moved into this one's place: its bits too.
    setBit(SAMPLED_BITS, i, bitOf(SAMPLED_BITS, n - 1));
    setBit(HOLDS_BITS, i, bitOf(HOLDS_BITS, n - 1));
    setBit(SAMPLED_BITS, n - 1, false);
    setBit(HOLDS_BITS, n - 1, false);
    return;
  }
}

/** Named objects' refcounts, then what they refer to (the walk, below). */
function sampleHeap(step: i32): void {
  const n = get(WATCH_LEN);
  // The watched objects in order, those not immortal (SAMPLED_BITS).
  for (let first: u32 = 0; first < n; first += 32) {
    let bits = word(S + SAMPLED_BITS + (first >> 3));
    while (bits != 0) {
      sample(first + ctz(bits), step);
      bits &= bits - 1;
    }
  }
  if (get(REFERENCES) != 0 && (get(REFS_IDLE) == 0 || anyHolds())) walk(step);
}

/**
 * Whether the references walk could find a reference from a named object: the walk's
 * expand (../references.ts) looks into these and nothing else. When none can and the last
 * walk found nothing, a walk would record nothing: it is skipped.
 */
function anyHolds(): bool {
  const n = get(WATCH_LEN);
  for (let first: u32 = 0; first < n; first += 32) {
    for (let bits = word(S + HOLDS_BITS + (first >> 3)); bits != 0; bits &= bits - 1) {
      if (holds(word(watched(first + ctz(bits))))) return true;
    }
  }
  return false;
}

/** Whether the named object `obj` holds a reference the walk would follow (anyHolds). */
function holds(obj: u32): bool {
  const type = word(obj + 4);
  if (type == 0) return false;
  const flags = word(type + TP_FLAGS);
  if (type == get(LIST) || type == get(TUPLE) || (flags & (LIST_SUBCLASS | TUPLE_SUBCLASS)) != 0) {
    if (word(obj + 8) != 0) return true;
  } else if (type == get(DICT) || (flags & DICT_SUBCLASS) != 0 || type == get(SET) || type == get(FROZENSET)) return true;
  else if (type == get(CELL)) {
    if (word(obj + 8) != 0) return true;
  } else if (type == get(FUNCTION)) {
    if (word(obj + FUNC_CLOSURE) != 0) return true;
  }
  return (flags & HEAP_TYPE) != 0 && (flags & TYPE_SUBCLASS) == 0;
}

@inline function sample(i: u32, step: i32): void {
  const w = watched(i);
  const address = word(w);
  const rc = word(address);
  if (word(w + 8) != rc) {
    store<u32>(w + 8, rc);
    emit4(R_REFCOUNTS, get(SEQ), step, address, rc);
  }
  if ((word(w + 12) & K_LIST) != 0) {
    // A list: rescan its items when its length or its item storage changed.
    const size = word(address + 8);
    const items = word(address + 12);
    if (word(w + 16) != size || word(w + 20) != items) {
      store<u32>(w + 16, size);
      store<u32>(w + 20, items);
      if (items != 0) scanItems(items, size, step);
    }
  }
}

/** Which objects a named list or tuple holds (its first MAX_ITEMS), with their refcounts. */
function scanItems(items: u32, size: u32, step: i32): void {
  const n = size < MAX_ITEMS ? size : MAX_ITEMS;
  for (let k: u32 = 0; k < n; k++) {
    const item = word(items + k * 4);
    if (item == 0) continue;
    emit4(R_HELD, get(SEQ), step, word(item + 4), item);
    emit4(R_REFCOUNTS, get(SEQ), step, item, word(item));
  }
}

// ---- The sys.monitoring callbacks --------------------------------------------------------
// Each is the vectorcall of a builtin (../wasm.ts makeVectorcallBuiltin): CPython calls it
// (callable, args, nargsf, kwnames) wasm to wasm, not through Emscripten's JavaScript
// trampoline for C methods.

/** Value of a compact (one-digit) int: lv_tag, then its 30-bit digit. */
function smallInt(obj: u32): i32 {
  return word(obj + 8) >> 3 == 0 ? 0 : <i32>word(obj + 12);
}

function closeOutput(): void {
  // What print makes from here on is the program's (../recorder.ts closeOutputWindow).
  set(OUTPUT_OPEN, 0);
  patch(P_OUTPUT_CLOSE, get(SEQ), 0, 0, 0, 0);
}

/** Blocks, then the budget, after every recorded step. */
function endStep(step: i32): i32 {
  blockStep(step - 1);
  // JavaScript's part of the budget (the clock, Stop) every 256 steps and at the step limit;
  // the tracer, which a program can take (tracemalloc.start()), every 64 steps, here.
  const tracerGone = (step & 63) == 0 && getTracer(S + TRACER_DATA) != get(TRACER);
  if ((step & 255) == 0 || step + 1 >= <i32>get(MAX_STEPS) || tracerGone) {
    if (budget(step) != 0) {
      set(RECORDING, 0);
      set(ACTIVE, 0);
      return idle();
    }
  }
  return get(NONE);
}

/** LINE: args = (code, line). */
export function onLine(_callable: u32, args: u32, _nargsf: u32, _kwnames: u32): i32 {
  if (get(MODE) == 0) return jsLine(args);
  if (get(RECORDING) == 0) return idle();
  settle();
  const code = word(args);
  const lineObj = word(args + 4);
  const line = smallInt(lineObj);
  retract(lineObj);
  // CPython's artificial instructions (an empty module's implicit return) report line 0.
  if (line <= 0) return get(NONE);
  if (get(OUTPUT_OPEN) != 0) closeOutput();
  const step = <i32>get(STEP) + 1;
  set(STEP, step);
  set(ACTIVE, 1);
  const frame = word(get(FRAME_SLOT));
  let event = EV_LINE;
  const sp = get(DEPTH);
  if (sp == 0 || word(frameAt(sp - 1)) != frame) event = syncStack(frame, code, step);
  const depth = get(DEPTH);
  if (depth == 0) emitStep(line, -1, -1, event);
  else {
    const top = frameAt(depth - 1);
    store<i32>(top, line, 16);
    emitStep(line, <i32>word(top + 8), <i32>depth - 1, event);
    scanSlots(frame, step);
  }
  sampleHeap(step);
  return endStep(step);
}

/**
 * The program's code is over and Python exits (../boot.ts runExit): a step at no line whose
 * event says which part of the exit follows, atexit's callbacks or the program's module
 * freed; the frames left on the shadow stack end before it (../recorder.ts exitStep). 0
 * when not recording.
 */
export function exitStep(event: i32): i32 {
  // An empty program (no line ran) has nothing to exit from.
  if (get(RECORDING) == 0 || <i32>get(STEP) < 0) return 0;
  settle();
  if (get(OUTPUT_OPEN) != 0) closeOutput();
  const step = <i32>get(STEP) + 1;
  set(STEP, step);
  set(ACTIVE, 1);
  popTo(0, step - 1);
  emitStep(0, -1, -1, event);
  sampleHeap(step);
  blockStep(step - 1);
  return 1;
}

/**
 * JUMP: args = (code, offset, destination). A loop on one line jumps back without a LINE
 * event: each further iteration is a step of that line (../recorder.ts onJump).
 */
export function onJump(_callable: u32, args: u32, _nargsf: u32, _kwnames: u32): i32 {
  if (get(MODE) == 0) return jsJump(args);
  if (get(RECORDING) == 0) return idle();
  settle();
  const toObj = word(args + 8);
  const fromObj = word(args + 4);
  const to = smallInt(toObj);
  const from = smallInt(fromObj);
  retract(toObj);
  retract(fromObj);
  if (to > from || get(NSTEPS) == 0) return get(NONE);
  if (<i32>get(LAST_BACK_JUMP) != <i32>get(STEP)) {
    set(LAST_BACK_JUMP, get(STEP));
    return get(NONE);
  }
  const step = <i32>get(STEP) + 1;
  set(STEP, step);
  emitStep(<i32>get(LAST_LINE), <i32>get(LAST_CODE), <i32>get(LAST_DEPTH), EV_LINE);
  set(LAST_BACK_JUMP, step);
  if (get(DEPTH) > 0) scanSlots(word(frameAt(get(DEPTH) - 1)), step);
  sampleHeap(step);
  return endStep(step);
}

/**
 * PY_START: args = (code, offset). A frame that starts at an address still on the shadow
 * stack means that frame returned unseen: pop it (../recorder.ts onStart).
 */
export function onStart(_callable: u32, args: u32, _nargsf: u32, _kwnames: u32): i32 {
  if (get(MODE) == 0) return jsStart(args);
  if (get(RECORDING) == 0) return idle();
  retract(word(args + 4));
  if (get(OUTPUT_OPEN) != 0) closeOutput();
  const found = stackFind(word(get(FRAME_SLOT)), <i32>get(DEPTH) - 1);
  if (found >= 0) popTo(found, <i32>get(STEP));
  return get(NONE);
}

// The same callbacks as the builtins' C functions, `(self, args, nargs)`: what CPython
// passes when it calls the C function itself rather than the vectorcall (Python code that
// got hold of a callback and calls it: CALL_BUILTIN_FAST), with the C function's signature
// (a call through the table with another one traps).
export function lineFunction(_self: u32, args: u32, _nargs: u32): i32 {
  return onLine(0, args, 0, 0);
}
export function jumpFunction(_self: u32, args: u32, _nargs: u32): i32 {
  return onJump(0, args, 0, 0);
}
export function startFunction(_self: u32, args: u32, _nargs: u32): i32 {
  return onStart(0, args, 0, 0);
}

/**
 * Output is being written while frames above the current one have returned unseen
 * (`print(gc.collect())` after the collection ran `__del__`): give the writer a step of
 * its own (../recorder.ts creditWriter).
 */
export function credit(): void {
  const sp = get(DEPTH);
  if (sp <= 1) return;
  const top = <i32>sp - 1;
  let f = word(get(FRAME_SLOT));
  if (f == word(frameAt(top))) return;
  let found: i32 = -1;
  for (let hops = 0; f != 0 && found < 0 && hops < 10000; hops++) {
    found = stackFind(f, top);
    f = word(f + FRAME_PREVIOUS);
  }
  if (found < 0 || found == top) return;
  const step = <i32>get(STEP) + 1;
  set(STEP, step);
  popTo(found + 1, step - 1);
  const at = frameAt(found);
  emitStep(load<i32>(at + 16), <i32>word(at + 8), found, EV_RETURN);
  scanSlots(word(at), step);
  sampleHeap(step);
}

/** End of the run: what blocks are still pending, frames still open. */
export function finish(last: i32): void {
  blockStep(last);
  while (get(BLOCK_N) > 0) decide(0, word(pending(0) + 20) == FREE ? F_FREE : F_KEPT, 0, -1);
  const sp = get(DEPTH);
  for (let i: u32 = 0; i < sp; i++) patch(P_FRAME_END, word(frameAt(i) + 4), last, 0, 0, 0);
  set(DEPTH, 0);
}

/**
 * The dict watcher on the program's globals: (event, dict, key, new value). ADDED = 0,
 * MODIFIED = 1, DELETED = 2; the others carry no single key (../recorder.ts onGlobal).
 */
export function onGlobal(event: i32, dict: u32, key: u32, value: u32): i32 {
  if (get(MODE) == 0) return jsGlobal(event, dict, key, value);
  if (get(RECORDING) == 0) return 0;
  // CLEARED (4) and DEALLOCATED (5), before the entries go: every name is unbound.
  if (event == 4 || event == 5) {
    const step = <i32>get(STEP);
    for (let name: i32 = 0; name < <i32>MAX_GLOBALS; name++) {
      const cell = S + GLOBAL_VALUES + (<u32>name) * 4;
      const previous = word(cell);
      if (previous == 0) continue;
      store<u32>(cell, 0);
      bind(-1, name, 0, previous, step < 0 ? 0 : step);
    }
    return 0;
  }
  if (key == 0 || event > 2) return 0;
  // The key's name index, by the str object's address (JavaScript reads new names once).
  let slot = (key >> 3) & (GLOBAL_SLOTS - 1);
  let name: i32 = 0;
  for (;;) {
    const at = S + GLOBAL_KEYS + slot * 8;
    const k = word(at);
    if (k == key) {
      name = <i32>word(at + 4) - 1;
      break;
    }
    if (k == 0) {
      if (get(GLOBAL_N) >= GLOBAL_SLOTS / 2) {
        overflow();
        return 0;
      }
      set(GLOBAL_N, get(GLOBAL_N) + 1);
      name = globalName(key);
      if (name >= <i32>MAX_GLOBALS) {
        overflow();
        return 0;
      }
      store<u32>(at, key);
      store<u32>(at, name + 1, 4);
      break;
    }
    slot = (slot + 1) & (GLOBAL_SLOTS - 1);
  }
  if (name < 0) return 0;
  const address = event == 2 ? 0 : value;
  const cell = S + GLOBAL_VALUES + (<u32>name) * 4;
  const previous = word(cell);
  if (address == previous) return 0;
  store<u32>(cell, address);
  const step = <i32>get(STEP);
  bind(-1, name, address, previous, step < 0 ? 0 : step);
  return 0;
}

// ---- Where JavaScript writes the run's code objects -------------------------------------

/** Byte offsets of the code table and the cell flags, and their room. */
export function codesAt(): u32 {
  return CODES;
}
export function cellsAt(): u32 {
  return CELLS;
}
export function maxCodes(): u32 {
  return MAX_CODES;
}
export function maxCells(): u32 {
  return MAX_CELLS;
}

// ---- The references walk (../references.ts, the same walk and the same records) --------

// Type flags and layouts the walk reads (../references.ts L and Flag).
const INLINE_VALUES: u32 = 1 << 2;
const MANAGED_DICT: u32 = 1 << 4;
const TP_BASICSIZE: u32 = 16;
const TP_DICTOFFSET: u32 = 144;
const HT_CACHED_KEYS: u32 = 440;
const DICT_KEYS: u32 = 24;
const DICT_VALUES: u32 = 28;
const KEYS_BYTES: u32 = 4;
const KEYS_NENTRIES: u32 = 16;
const KEYS_INDICES: u32 = 20;
const SET_MASK: u32 = 16;
const SET_TABLE: u32 = 20;
const MANAGED_DICT_AT: u32 = -12;
const DICT_KEYS_GENERAL: u32 = 0;
const DICT_KEYS_SPLIT: u32 = 2;
const STR_HASH: u32 = 12;

@inline function wget(field: u32): u32 {
  return load<u32>(S + WALK + field);
}
@inline function wset(field: u32, value: u32): void {
  store<u32>(S + WALK + field, value);
}

/** Set the walk up for a run: the labels JavaScript made first, the edge lists. */
export function walkInit(empty: i32, cell: i32, dict: i32): void {
  wset(W_EMPTY_LABEL, empty);
  wset(W_CELL_LABEL, cell);
  wset(W_DICT_LABEL, dict);
  wset(W_CUR, S + EDGES_A);
  wset(W_PREV, S + EDGES_B);
  wset(W_RC_LAST, S + RC_A);
  wset(W_RC_NEXT, S + RC_B);
  // The maps' stamps start at 0: the first "last step" must have another.
  wset(W_RC_STAMP, 1);
}

/** Whether the last walk found no reference (../references.ts idle). */
function walkIdle(): bool {
  return wget(W_PREV_LEN) == 0;
}

/** The slot of `address` in this step's visited set: found, or where it would go. */
function visitedSlot(address: u32): u32 {
  const stamp = wget(W_STAMP);
  let i = hashSlot(address, VISIT_SLOTS);
  while (load<u32>(S + VISIT_STAMPS + i * 4) == stamp && load<u32>(S + VISIT_KEYS + i * 4) != address) i = (i + 1) & (VISIT_SLOTS - 1);
  return i;
}
@inline function visitedHas(slot: u32): bool {
  return load<u32>(S + VISIT_STAMPS + slot * 4) == wget(W_STAMP);
}

function enqueue(address: u32, depth: u32): bool {
  return enqueueAt(visitedSlot(address), address, depth);
}

/** `enqueue` with `address`'s visited slot already found. */
@inline function enqueueAt(slot: u32, address: u32, depth: u32): bool {
  if (visitedHas(slot)) return true;
  if (address == 0) return false;
  const at = wget(W_QLEN);
  if (at >= QUEUE_CAP) return false;
  store<u32>(S + VISIT_KEYS + slot * 4, address);
  store<u32>(S + VISIT_STAMPS + slot * 4, wget(W_STAMP));
  store<u32>(S + QUEUE + at * 4, address);
  store<u8>(S + QUEUE_DEPTH + at, <u8>depth);
  wset(W_QLEN, at + 1);
  return true;
}

/** Record holder → target; false when the step's reference limit stops the walk. */
function edge(holder: u32, label: i32, target: u32, depth: u32): bool {
  const n = wget(W_CUR_LEN);
  if (n >= MAX_REFS) return false;
  const slot = visitedSlot(target);
  if (!visitedHas(slot)) {
    if (wget(W_QLEN) - wget(W_NAMED) >= OBJECTS || !enqueueAt(slot, target, depth)) return true;
  }
  const e = wget(W_CUR) + n * 20;
  store<u32>(e, holder);
  store<i32>(e, label, 4);
  store<u32>(e, target, 8);
  store<u32>(e, wget(W_HOLDER_TYPE), 12);
  store<u32>(e, word(target + 4), 16);
  wset(W_CUR_LEN, n + 1);
  return true;
}

/** A label cached in `table` at `k` (stored + 1), made by JavaScript on a miss. */
@inline function cachedLabel(table: u32, k: u32, kind: u32): i32 {
  const at = S + table + k * 4;
  let label = <i32>load<u32>(at) - 1;
  if (label < 0) {
    label = kind == 3 ? labelItem(k) : labelText(kind, k);
    store<u32>(at, label + 1);
  }
  return label;
}

function item(holder: u32, k: u32, target: u32, depth: u32): void {
  if (target == 0) return;
  edge(holder, cachedLabel(ITEM_LABELS, k, 3), target, depth);
}

function expand(obj: u32, depth: u32): void {
  const type = word(obj + 4);
  if (type == 0) return;
  const flags = word(type + TP_FLAGS);
  // An int, bool or str (most of what is reached): nothing below applies to it.
  if ((flags & (LONG_SUBCLASS | UNICODE_SUBCLASS)) != 0 && (flags & HEAP_TYPE) == 0) return;
  wset(W_HOLDER_TYPE, type);
  if (type == get(LIST) || (flags & LIST_SUBCLASS) != 0) {
    let size = word(obj + 8);
    if (size > MAX_ITEMS) size = MAX_ITEMS;
    const items = word(obj + 12);
    if (items != 0) for (let k: u32 = 0; k < size; k++) item(obj, k, word(items + k * 4), depth);
  } else if ((type == get(TUPLE) && get(TUPLE) != 0) || (flags & TUPLE_SUBCLASS) != 0) {
    let size = word(obj + 8);
    if (size > MAX_ITEMS) size = MAX_ITEMS;
    const items = obj + get(TUPLE_ITEMS);
    for (let k: u32 = 0; k < size; k++) item(obj, k, word(items + k * 4), depth);
  } else if (type == get(DICT) || (flags & DICT_SUBCLASS) != 0) {
    dictEntries(obj, obj, false, depth);
  } else if (type == get(SET) || type == get(FROZENSET)) {
    setMembers(obj, depth);
  } else if (type == get(CELL)) {
    const ref = word(obj + 8);
    if (ref != 0) edge(obj, <i32>wget(W_CELL_LABEL), ref, depth);
  } else if (type == get(FUNCTION)) {
    const closure = word(obj + FUNC_CLOSURE);
    if (closure != 0 && word(closure + 4) == get(TUPLE)) {
      let size = word(closure + 8);
      if (size > MAX_ITEMS) size = MAX_ITEMS;
      for (let k: u32 = 0; k < size; k++) {
        const cell = word(closure + get(TUPLE_ITEMS) + k * 4);
        if (cell != 0 && !edge(obj, cachedLabel(CLOSURE_LABELS, k, 0), cell, depth)) return;
      }
    }
  }
  // Instances of classes defined in Python: their attributes and slots.
  if ((flags & HEAP_TYPE) != 0 && (flags & TYPE_SUBCLASS) == 0) {
    wset(W_HOLDER_TYPE, type);
    attributes(obj, type, flags, depth);
    slotMembers(obj, type, depth);
  }
}

function attributes(obj: u32, type: u32, flags: u32, depth: u32): void {
  if ((flags & INLINE_VALUES) != 0) {
    const values = obj + word(type + TP_BASICSIZE);
    const valid = word(values) >> 24;
    const keys = word(type + HT_CACHED_KEYS);
    if (valid != 0 && keys != 0 && ((word(keys + KEYS_BYTES) >> 16) & 0xff) == DICT_KEYS_SPLIT) {
      split(obj, keys, values, true, depth);
      const made = word(obj + MANAGED_DICT_AT);
      if (made != 0) edge(obj, <i32>wget(W_DICT_LABEL), made, depth);
      return;
    }
  }
  let dict: u32 = 0;
  if ((flags & MANAGED_DICT) != 0) dict = word(obj + MANAGED_DICT_AT);
  else {
    const offset = <i32>word(type + TP_DICTOFFSET);
    if (offset > 0) dict = word(obj + <u32>offset);
  }
  if (dict != 0) dictEntries(obj, dict, true, depth);
}

function dictEntries(holder: u32, dict: u32, attr: bool, depth: u32): void {
  const keys = word(dict + DICT_KEYS);
  const values = word(dict + DICT_VALUES);
  if (keys == 0) return;
  if (values != 0) {
    if (!attr && ((word(values) >> 16) & 0xff) != 0) return;
    split(holder, keys, values, attr, depth);
    return;
  }
  const bytes = word(keys + KEYS_BYTES);
  const general = ((bytes >> 16) & 0xff) == DICT_KEYS_GENERAL;
  const width: u32 = general ? 12 : 8;
  const entries = keys + KEYS_INDICES + (<u32>1 << ((bytes >> 8) & 0xff)) + (general ? 4 : 0);
  const n = word(keys + KEYS_NENTRIES);
  let position: u32 = 0;
  for (let i: u32 = 0; i < n && position < MAX_ITEMS; i++) {
    const at = entries + i * width;
    const key = word(at);
    const value = word(at + 4);
    if (key == 0 || value == 0) continue;
    if (!entry(holder, key, value, position++, attr, depth)) return;
  }
}

function split(holder: u32, keys: u32, values: u32, attr: bool, depth: u32): void {
  const bytes = word(keys + KEYS_BYTES);
  const entries = keys + KEYS_INDICES + (<u32>1 << ((bytes >> 8) & 0xff));
  const capacity = word(values) & 0xff;
  let n = word(keys + KEYS_NENTRIES);
  if (capacity < n) n = capacity;
  if (MAX_ITEMS < n) n = MAX_ITEMS;
  let position: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const value = word(values + 4 + i * 4);
    if (value == 0) continue;
    if (!entry(holder, word(entries + 8 * i), value, position++, attr, depth)) return;
  }
}

function entry(holder: u32, key: u32, value: u32, position: u32, attr: bool, depth: u32): bool {
  const keyType = word(key + 4);
  let label: i32 = -1;
  if (keyType == get(P_STR)) label = strLabel(key, attr);
  else if (keyType == get(P_INT)) label = intLabel(key);
  if (label >= 0) return edge(holder, label, value, depth);
  const pos = position < MAX_ITEMS ? position : MAX_ITEMS - 1;
  if (!edge(holder, cachedLabel(KEY_LABELS, pos, 1), value, depth)) return false;
  return edge(holder, cachedLabel(KEY_LABELS + MAX_ITEMS * 4, pos, 2), key, depth);
}

/** `.name` or `['name']` for a str key, by the key's address and hash (an address can be reused). */
function strLabel(key: u32, attr: bool): i32 {
  const hash = word(key + STR_HASH);
  let slot = hashSlot(key, STR_SLOTS);
  for (;;) {
    const at = S + STR_LABELS + slot * 16;
    const k = word(at);
    if (k == key && word(at + 4) == hash) return <i32>word(at + (attr ? 12 : 8));
    if (k == 0 || k == key) {
      if (k == 0) {
        if (wget(W_STR_N) >= STR_SLOTS / 2) return labelStr(key, attr ? 1 : 0);
        wset(W_STR_N, wget(W_STR_N) + 1);
      }
      // JavaScript makes both labels at its first sight of the text, the item's first.
      const itemLabel = labelStr(key, 0);
      const attrLabel = labelStr(key, 1);
      store<u32>(at, key);
      store<u32>(at, hash, 4);
      store<i32>(at, itemLabel, 8);
      store<i32>(at, attrLabel, 12);
      return attr ? attrLabel : itemLabel;
    }
    slot = (slot + 1) & (STR_SLOTS - 1);
  }
  return -1;
}

/** `[5]` for a one-digit int key; -1 for bigger ones (../referenceLabels.ts intKey). */
function intLabel(key: u32): i32 {
  const tag = word(key + 8);
  if (tag >> 3 > 1) return -1;
  const sign = tag & 3;
  const value: i32 = sign == 1 ? 0 : sign == 2 ? -<i32>word(key + 12) : <i32>word(key + 12);
  if (value < INT_LOW || value >= INT_HIGH) return labelInt(key);
  const at = S + INT_LABELS + <u32>(value - INT_LOW) * 4;
  let label = <i32>word(at) - 1;
  if (label < 0) {
    label = labelInt(key);
    store<u32>(at, label + 1);
  }
  return label;
}

function setMembers(obj: u32, depth: u32): void {
  const mask = word(obj + SET_MASK);
  const table = word(obj + SET_TABLE);
  if (table == 0) return;
  let taken: u32 = 0;
  for (let i: u32 = 0; i <= mask && taken < MAX_ITEMS; i++) {
    const key = word(table + 8 * i);
    if (key == 0 || word(table + 8 * i + 4) == 0xffffffff) continue;
    taken++;
    if (!edge(obj, <i32>wget(W_EMPTY_LABEL), key, depth)) return;
  }
}

function slotMembers(obj: u32, type: u32, depth: u32): void {
  // The type's object slots, read by JavaScript at its first sight of the type.
  const n = wget(W_MEMBER_TYPES);
  let found: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const at = S + MEMBER_TYPES + i * 12;
    if (word(at) == type) {
      found = at;
      break;
    }
  }
  if (found == 0) {
    const first = wget(W_MEMBERS);
    const room = MAX_MEMBERS - first;
    const count = members(type, S + MEMBERS + first * 8, room);
    if (n < MAX_MEMBER_TYPES) {
      found = S + MEMBER_TYPES + n * 12;
      store<u32>(found, type);
      store<u32>(found, first, 4);
      store<u32>(found, count, 8);
      wset(W_MEMBER_TYPES, n + 1);
      wset(W_MEMBERS, first + count);
    } else {
      // No room to keep it: use it this once.
      for (let m: u32 = 0; m < count; m++) {
        const value = word(obj + word(S + MEMBERS + (first + m) * 8));
        if (value != 0 && !edge(obj, <i32>word(S + MEMBERS + (first + m) * 8 + 4), value, depth)) return;
      }
      return;
    }
  }
  const first = word(found + 4);
  const count = word(found + 8);
  for (let m: u32 = 0; m < count; m++) {
    const at = S + MEMBERS + (first + m) * 8;
    const value = word(obj + word(at));
    if (value != 0 && !edge(obj, <i32>word(at + 4), value, depth)) return;
  }
}

/** Walk from the named objects and record what changed since the last step. */
function walk(step: i32): void {
  const count = get(WATCH_LEN);
  if (count == 0 && wget(W_PREV_LEN) == 0) return;
  wset(W_STAMP, wget(W_STAMP) + 1);
  wset(W_CUR_LEN, 0);
  wset(W_QLEN, 0);
  for (let i: u32 = 0; i < count; i++) enqueue(word(watched(i)), 0);
  const named = wget(W_QLEN);
  wset(W_NAMED, named);
  for (let head: u32 = 0; head < wget(W_QLEN); head++) {
    const depth = <u32>load<u8>(S + QUEUE_DEPTH + head);
    if (depth < WALK_DEPTH) expand(word(S + QUEUE + head * 4), depth + 1);
  }
  sampleReached(named, step);
  diff(step);
  set(REFS_IDLE, walkIdle() ? 1 : 0);
}

/** Refcounts of the objects reached (not the named ones: sample does those), when changed. */
function sampleReached(named: u32, step: i32): void {
  const next = wget(W_RC_NEXT);
  const last = wget(W_RC_LAST);
  const lastStamp = wget(W_RC_STAMP);
  const stamp = lastStamp + 1;
  wset(W_RC_STAMP, stamp);
  const qlen = wget(W_QLEN);
  for (let i = named; i < qlen; i++) {
    const address = word(S + QUEUE + i * 4);
    const rc = word(address);
    let slot = hashSlot(address, RC_SLOTS);
    while (word(next + RC_SLOTS * 8 + slot * 4) == stamp && word(next + slot * 4) != address) slot = (slot + 1) & (RC_SLOTS - 1);
    store<u32>(next + slot * 4, address);
    store<u32>(next + RC_SLOTS * 4 + slot * 4, rc);
    store<u32>(next + RC_SLOTS * 8 + slot * 4, stamp);
    let s = hashSlot(address, RC_SLOTS);
    while (word(last + RC_SLOTS * 8 + s * 4) == lastStamp && word(last + s * 4) != address) s = (s + 1) & (RC_SLOTS - 1);
    if (word(last + RC_SLOTS * 8 + s * 4) == lastStamp && word(last + RC_SLOTS * 4 + s * 4) == rc) continue;
    emit4(R_REFCOUNTS, get(SEQ), step, address, rc);
  }
  wset(W_RC_LAST, next);
  wset(W_RC_NEXT, last);
}

@inline function edgeHash(e: u32): u32 {
  const h = (word(e) * 0x85ebca77) ^ (word(e + 8) * 0xc2b2ae3d) ^ ((word(e + 4) + 1) * 0x27d4eb2f);
  return hashSlot(h, DIFF_SLOTS);
}

@inline function sameEdge(a: u32, b: u32): bool {
  return word(a) == word(b) && word(a + 8) == word(b + 8) && word(a + 4) == word(b + 4);
}

/** Which references are new since the last step and which are gone (../referenceDiff.ts). */
function diff(step: i32): void {
  const cur = wget(W_CUR);
  const prev = wget(W_PREV);
  const curLen = wget(W_CUR_LEN);
  const prevLen = wget(W_PREV_LEN);
  // The common steps: the same references in the same order, or a name bound or unbound
  // last, which adds references at the end or drops them from it. The rest are matched by hash.
  const shorter = curLen < prevLen ? curLen : prevLen;
  let p: u32 = 0;
  while (p < shorter && sameEdge(cur + p * 20, prev + p * 20)) p++;
  if (p == prevLen) {
    for (let i = p; i < curLen; i++) change(cur + i * 20, step, 1);
  } else if (p == curLen) {
    for (let i = p; i < prevLen; i++) change(prev + i * 20, step, 0);
  } else {
    const stamp = wget(W_DIFF_STAMP) + 1;
    wset(W_DIFF_STAMP, stamp);
    for (let i: u32 = 0; i < prevLen; i++) {
      let slot = edgeHash(prev + i * 20);
      while (word(S + DIFF_STAMPS + slot * 4) == stamp) slot = (slot + 1) & (DIFF_SLOTS - 1);
      store<u32>(S + DIFF_VALUES + slot * 4, i);
      store<u32>(S + DIFF_STAMPS + slot * 4, stamp);
    }
    zeroWords(S + MATCHED, (prevLen + 3) >> 2);
    for (let i: u32 = 0; i < curLen; i++) {
      const e = cur + i * 20;
      let slot = edgeHash(e);
      let row: i32 = -1;
      while (word(S + DIFF_STAMPS + slot * 4) == stamp) {
        const r = word(S + DIFF_VALUES + slot * 4);
        const q = prev + r * 20;
        if (sameEdge(q, e)) {
          row = <i32>r;
          break;
        }
        slot = (slot + 1) & (DIFF_SLOTS - 1);
      }
      if (row >= 0) store<u8>(S + MATCHED + <u32>row, 1);
      else change(e, step, 1);
    }
    for (let i: u32 = 0; i < prevLen; i++) if (load<u8>(S + MATCHED + i) == 0) change(prev + i * 20, step, 0);
  }
  wset(W_PREV, cur);
  wset(W_CUR, prev);
  wset(W_PREV_LEN, curLen);
  wset(W_CUR_LEN, 0);
}

function change(e: u32, step: i32, open: u32): void {
  const at = next(R_REFS);
  const target = word(e + 8);
  store<u32>(at, get(SEQ));
  store<i32>(at, step, 4);
  store<u32>(at, word(e), 8);
  store<u32>(at, word(e + 4), 12);
  store<u32>(at, target, 16);
  store<u32>(at, word(e + 12), 20);
  store<u32>(at, word(e + 16), 24);
  store<u32>(at, open, 28);
  const index = wget(W_NREFS);
  wset(W_NREFS, index + 1);
  if (open != 0 && get(PREVIEWS) != 0) preview(target, index, R_REF_PREVIEWS);
}
