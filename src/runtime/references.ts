/**
 * Object → object references, read from linear memory at every step (the heap view's
 * arrows, issue 15). Called by the recorder (./recorder) on the same LINE event that
 * samples named objects' refcounts, so a reference and a count seen at one step describe
 * the same moment: just before that step's line runs.
 *
 * From every object bound to a name, a breadth-first walk follows list and tuple items,
 * dict entries (combined and split tables), instance attributes (inline values, a managed
 * or a classic `__dict__`), `__slots__`, set members, cells and functions' closures, to
 * LIMITS.depth hops and LIMITS.objects objects per step. The step's references are
 * diffed against the previous step's and only the changes are recorded (open / close),
 * with the target's value preview at an open and the refcount of every object the walk
 * reached whenever it changed.
 *
 * Why every step and not only what changed: CPython 3.14 bumps a dict's version tag only
 * while a watcher watches it (`_ma_watcher_tag` stays 0 otherwise, measured), and a list
 * item assignment changes neither the list's size nor its item array, so no cheap marker
 * tells that a container is unchanged. The walk is bounded instead, and the common case
 * (nothing moved) ends in one comparison of two short arrays.
 *
 * Reads memory only: no CPython function is called, nothing is allocated in the Python
 * heap; what is kept lives in JS typed arrays (design.md, Measured 4).
 *
 * This walk is the JavaScript recorder's (the reference): the WebAssembly recorder walks
 * the same way in ./assembly/recorder.ts and asks this class only for its labels' texts
 * (`labels`, `slotsOf`), so that both number labels alike; tracerWasm.test compares them.
 */
import type { Records } from './columns';
import type { PreviewReader } from './preview';
import { ReferenceLabels } from './referenceLabels';
import type { WasmModule } from './wasm';
import { AddressMap } from '../trace/addressMap';
import { EdgeDiff, EdgeList, StampMap } from './referenceDiff';

/** How far and how much the walk goes per step (docs/trace-format.md repeats these). */
export const REFERENCE_LIMITS = {
  /** Hops from a name: references held by objects up to depth - 1 hops away are read. */
  depth: 4,
  /** Objects reached per step besides the named ones; references to more are not read. */
  objects: 200,
  /** References recorded per step. */
  references: 2048,
  /** References read per container (items, entries, members, attributes). */
  items: 256,
} as const;

/** Type pointers of the built-in containers the walk looks into; 0 = not looked into. */
export interface ReferenceTypes {
  list: number;
  tuple: number;
  /** Offset of a tuple's first item. */
  tupleItems: number;
  dict: number;
  set: number;
  frozenset: number;
  cell: number;
  function: number;
  str: number;
  int: number;
}

/**
 * CPython 3.14 on wasm32 (Pyodide 314.0.7), read from Include/cpython/dictobject.h,
 * Include/internal/pycore_dict.h, Include/cpython/setobject.h, funcobject.h and object.h,
 * and checked against live objects (the engine tests fail if one moves).
 */
const L = {
  tpBasicsize: 16,
  tpFlags: 84,
  tpMembers: 120,
  tpBase: 128,
  tpDictoffset: 144,
  /** PyHeapTypeObject.ht_cached_keys: the shared keys of instances' inline values. */
  htCachedKeys: 440,
  listSize: 8,
  listItems: 12,
  /** PyDictObject: ma_used, (pad), uint64 _ma_watcher_tag, ma_keys, ma_values. */
  dictKeys: 24,
  dictValues: 28,
  /** PyDictKeysObject: dk_refcnt; log2_size, log2_index_bytes, kind bytes; dk_version; usable; nentries; indices. */
  keysBytes: 4,
  keysNentries: 16,
  keysIndices: 20,
  /** PySetObject: fill, used, mask, table. Entries are {key, hash}. */
  setMask: 16,
  setTable: 20,
  cellRef: 8,
  funcClosure: 36,
  /** Managed `__dict__` pointer, three words before the object (MANAGED_DICT_OFFSET). */
  managedDict: -12,
  /** PyMemberDef: name, type, offset, flags, doc. */
  memberSize: 20,
} as const;

const Flag = {
  inlineValues: 1 << 2,
  managedDict: 1 << 4,
  heapType: 1 << 9,
  listSubclass: 1 << 25,
  tupleSubclass: 1 << 26,
  dictSubclass: 1 << 29,
  typeSubclass: 1 << 31,
} as const;

/** `Py_T_OBJECT` and `Py_T_OBJECT_EX`: member descriptors that hold an object (`__slots__`). */
const T_OBJECT = 6;
const T_OBJECT_EX = 16;
const DICT_KEYS_GENERAL = 0;
const DICT_KEYS_SPLIT = 2;

/** Where the walk records (the recorder's streams). */
export interface ReferenceSinks {
  /** seq, step, holder, label, target, holder type, target type, 1 open / 0 close. */
  refs: Records;
  /** seq, step, address, value (shared with the named objects' samples). */
  refcounts: Records;
  /** refs record index, preview kind, a, b (trace/preview.ts). */
  previews: Records;
  /** Preview texts (shared with the bindings' previews). */
  previewTexts: string[];
}

export class ReferenceWalker {
  /** Slot members per type: type pointer → index into slotMembers. */
  private readonly slotTypes = new AddressMap(64);
  private readonly slotMembers: Array<Array<{ offset: number; label: number }>> = [];
  /** Labels, indexed by the refs records' label field (interned into the trace's strings after the run). */
  readonly labels: ReferenceLabels;
  /** The labels every walk may use, made first (numbers 0, 1, 2). */
  readonly emptyLabel: number;
  readonly cellLabel: number;
  readonly dictLabel: number;

  private cur = new EdgeList(REFERENCE_LIMITS.references);
  private prev = new EdgeList(REFERENCE_LIMITS.references);
  private readonly visited = new StampMap();
  /** Refcounts sampled at the last step and this one, per address reached (not named). */
  private lastRc = new StampMap();
  private nextRc = new StampMap();
  private readonly changes = new EdgeDiff();
  private queue = new Uint32Array(512);
  private queueDepth = new Uint8Array(512);
  private queueLength = 0;
  private heap: Uint32Array;
  private holderType = 0;
  /** Named objects at the head of the queue this step. */
  private named = 0;
  /** References dropped at the last step because a limit was reached. */
  truncated = 0;

  constructor(
    private readonly m: WasmModule,
    private readonly types: ReferenceTypes,
    private readonly sinks: ReferenceSinks,
    private readonly preview: PreviewReader | null,
  ) {
    this.heap = m.HEAPU32;
    this.labels = new ReferenceLabels(m);
    this.emptyLabel = this.labels.label('');
    this.cellLabel = this.labels.label('.cell_contents');
    this.dictLabel = this.labels.label('.__dict__');
  }

  /**
   * Walk from the named objects (`roots[i * stride]` for i < count) and record what
   * changed since the last call. `seq` orders the records against the reference tracer's.
   */
  visit(step: number, seq: number, roots: Int32Array, count: number, stride: number): void {
    if (count === 0 && this.prev.length === 0) return;
    let heap = this.heap;
    if (heap.length === 0) heap = this.heap = this.m.HEAPU32;
    const max = count + REFERENCE_LIMITS.objects;
    this.visited.clear(max);
    if (this.queue.length < max) {
      this.queue = new Uint32Array(max * 2);
      this.queueDepth = new Uint8Array(max * 2);
    }
    this.cur.length = 0;
    this.truncated = 0;
    this.queueLength = 0;
    for (let i = 0; i < count; i++) this.enqueue((roots[i * stride] ?? 0) >>> 0, 0);
    const named = (this.named = this.queueLength);
    for (let head = 0; head < this.queueLength; head++) {
      const depth = this.queueDepth[head] ?? 0;
      if (depth < REFERENCE_LIMITS.depth) this.expand(heap, this.queue[head] ?? 0, depth + 1);
    }
    this.sampleReached(heap, named, step, seq);
    this.diff(step, seq);
  }

  private enqueue(address: number, depth: number): boolean {
    const slot = this.visited.slot(address);
    if (this.visited.has(slot)) return true;
    if (address === 0) return false;
    const at = this.queueLength;
    if (at >= this.queue.length) return false;
    this.visited.put(slot, address, at);
    this.queue[at] = address;
    this.queueDepth[at] = depth;
    this.queueLength = at + 1;
    return true;
  }

  /** Record holder → target; false when the step's reference limit stops the walk. */
  private edge(heap: Uint32Array, holder: number, label: number, target: number, depth: number): boolean {
    const e = this.cur;
    if (e.length >= REFERENCE_LIMITS.references) {
      this.truncated++;
      return false;
    }
    const slot = this.visited.slot(target);
    if (!this.visited.has(slot)) {
      // A new object: within the step's object limit, or the reference is not recorded.
      if (this.queueLength - this.named >= REFERENCE_LIMITS.objects || !this.enqueue(target, depth)) {
        this.truncated++;
        return true;
      }
    }
    const i = e.length++;
    e.holder[i] = holder;
    e.label[i] = label;
    e.target[i] = target;
    e.holderType[i] = this.holderType;
    e.targetType[i] = heap[(target >>> 2) + 1] ?? 0;
    return true;
  }

  private expand(heap: Uint32Array, obj: number, depth: number): void {
    const type = heap[(obj >>> 2) + 1] ?? 0;
    if (type === 0) return;
    this.holderType = type;
    const t = this.types;
    const flags = heap[(type + L.tpFlags) >>> 2] ?? 0;
    const items = REFERENCE_LIMITS.items;
    if (type === t.list || (flags & Flag.listSubclass) !== 0) {
      const size = Math.min(heap[(obj + L.listSize) >>> 2] ?? 0, items);
      const base = (heap[(obj + L.listItems) >>> 2] ?? 0) >>> 2;
      if (base !== 0) for (let k = 0; k < size; k++) this.item(heap, obj, k, heap[base + k] ?? 0, depth);
    } else if ((type === t.tuple && t.tuple !== 0) || (flags & Flag.tupleSubclass) !== 0) {
      const size = Math.min(heap[(obj + L.listSize) >>> 2] ?? 0, items);
      const base = (obj + t.tupleItems) >>> 2;
      for (let k = 0; k < size; k++) this.item(heap, obj, k, heap[base + k] ?? 0, depth);
    } else if (type === t.dict || (flags & Flag.dictSubclass) !== 0) {
      this.dict(heap, obj, obj, false, depth);
    } else if (type === t.set || type === t.frozenset) {
      this.set(heap, obj, depth);
    } else if (type === t.cell) {
      const ref = heap[(obj + L.cellRef) >>> 2] ?? 0;
      if (ref !== 0) this.edge(heap, obj, this.cellLabel, ref, depth);
    } else if (type === t.function) {
      const closure = heap[(obj + L.funcClosure) >>> 2] ?? 0;
      if (closure !== 0 && (heap[(closure >>> 2) + 1] ?? 0) === t.tuple) {
        const size = Math.min(heap[(closure + L.listSize) >>> 2] ?? 0, items);
        for (let k = 0; k < size; k++) {
          const cell = heap[((closure + t.tupleItems) >>> 2) + k] ?? 0;
          if (cell !== 0 && !this.edge(heap, obj, this.labels.label(`.__closure__[${k}]`), cell, depth)) return;
        }
      }
    }
    // Instances of classes defined in Python: their attributes and slots.
    if ((flags & Flag.heapType) !== 0 && (flags & Flag.typeSubclass) === 0) {
      this.holderType = type;
      this.attributes(heap, obj, type, flags, depth);
      this.slots(heap, obj, type, depth);
    }
  }

  private item(heap: Uint32Array, holder: number, k: number, target: number, depth: number): void {
    if (target === 0) return;
    this.edge(heap, holder, this.labels.item(k), target, depth);
  }

  private attributes(heap: Uint32Array, obj: number, type: number, flags: number, depth: number): void {
    if ((flags & Flag.inlineValues) !== 0) {
      const values = obj + (heap[(type + L.tpBasicsize) >>> 2] ?? 0);
      const valid = (heap[values >>> 2] ?? 0) >>> 24;
      const keys = heap[(type + L.htCachedKeys) >>> 2] ?? 0;
      if (valid !== 0 && keys !== 0 && (((heap[(keys + L.keysBytes) >>> 2] ?? 0) >>> 16) & 0xff) === DICT_KEYS_SPLIT) {
        this.split(heap, obj, keys, values, true, depth);
        // A `__dict__` made over the inline values (vars(obj)) is the instance's own object;
        // its entries are the inline values above, not drawn twice (see dict()).
        const made = heap[(obj + L.managedDict) >>> 2] ?? 0;
        if (made !== 0) this.edge(heap, obj, this.dictLabel, made, depth);
        return;
      }
    }
    let dict = 0;
    if ((flags & Flag.managedDict) !== 0) dict = heap[(obj + L.managedDict) >>> 2] ?? 0;
    else {
      const offset = (heap[(type + L.tpDictoffset) >>> 2] ?? 0) | 0;
      if (offset > 0) dict = heap[(obj + offset) >>> 2] ?? 0;
    }
    if (dict !== 0) this.dict(heap, obj, dict, true, depth);
  }

  /** Entries of `dict`, recorded as held by `holder` (the dict itself, or the instance whose `__dict__` it is). */
  private dict(heap: Uint32Array, holder: number, dict: number, attr: boolean, depth: number): void {
    const keys = heap[(dict + L.dictKeys) >>> 2] ?? 0;
    const values = heap[(dict + L.dictValues) >>> 2] ?? 0;
    if (keys === 0) return;
    if (values !== 0) {
      // Values embedded in an instance (a materialized `__dict__` over inline values) are
      // held once, by the instance: drawn as its `.attr`, not again from the dict.
      if (!attr && ((heap[values >>> 2] ?? 0) >>> 16 & 0xff) !== 0) return;
      this.split(heap, holder, keys, values, attr, depth);
      return;
    }
    const bytes = heap[(keys + L.keysBytes) >>> 2] ?? 0;
    const general = ((bytes >>> 16) & 0xff) === DICT_KEYS_GENERAL;
    const width = general ? 3 : 2;
    const entries = (keys + L.keysIndices + (1 << ((bytes >>> 8) & 0xff))) >>> 2;
    const n = heap[(keys + L.keysNentries) >>> 2] ?? 0;
    let position = 0;
    for (let i = 0; i < n && position < REFERENCE_LIMITS.items; i++) {
      const at = entries + i * width + (general ? 1 : 0);
      const key = heap[at] ?? 0;
      const value = heap[at + 1] ?? 0;
      if (key === 0 || value === 0) continue;
      if (!this.entry(heap, holder, key, value, position++, attr, depth)) return;
    }
  }

  /** A split table: keys shared (with the class), values in `values` (a PyDictValues). */
  private split(heap: Uint32Array, holder: number, keys: number, values: number, attr: boolean, depth: number): void {
    const bytes = heap[(keys + L.keysBytes) >>> 2] ?? 0;
    const entries = (keys + L.keysIndices + (1 << ((bytes >>> 8) & 0xff))) >>> 2;
    const capacity = (heap[values >>> 2] ?? 0) & 0xff;
    const n = Math.min(heap[(keys + L.keysNentries) >>> 2] ?? 0, capacity, REFERENCE_LIMITS.items);
    let position = 0;
    for (let i = 0; i < n; i++) {
      const value = heap[(values >>> 2) + 1 + i] ?? 0;
      if (value === 0) continue;
      if (!this.entry(heap, holder, heap[entries + 2 * i] ?? 0, value, position++, attr, depth)) return;
    }
  }

  private entry(heap: Uint32Array, holder: number, key: number, value: number, position: number, attr: boolean, depth: number): boolean {
    const keyType = heap[(key >>> 2) + 1] ?? 0;
    let label = -1;
    if (keyType === this.types.str) label = this.labels.strKey(heap, key, attr);
    else if (keyType === this.types.int) label = this.labels.intKey(heap, key);
    if (label >= 0) return this.edge(heap, holder, label, value, depth);
    if (!this.edge(heap, holder, this.labels.label(`[key#${position}]`), value, depth)) return false;
    return this.edge(heap, holder, this.labels.label(`key#${position}`), key, depth);
  }

  private set(heap: Uint32Array, obj: number, depth: number): void {
    const mask = heap[(obj + L.setMask) >>> 2] ?? 0;
    const table = (heap[(obj + L.setTable) >>> 2] ?? 0) >>> 2;
    if (table === 0) return;
    let taken = 0;
    for (let i = 0; i <= mask && taken < REFERENCE_LIMITS.items; i++) {
      const key = heap[table + 2 * i] ?? 0;
      // A removed member leaves CPython's dummy key, with hash -1 (no real hash is -1).
      if (key === 0 || (heap[table + 2 * i + 1] ?? 0) === 0xffffffff) continue;
      taken++;
      if (!this.edge(heap, obj, this.emptyLabel, key, depth)) return;
    }
  }

  /** The object slots of `type` (read at the first sight of it). */
  slotsOf(heap: Uint32Array, type: number): Array<{ offset: number; label: number }> {
    let index = this.slotTypes.get(type);
    if (index < 0) {
      index = this.slotMembers.push(this.readMembers(heap, type)) - 1;
      this.slotTypes.set(type, index);
    }
    return this.slotMembers[index] ?? [];
  }

  private slots(heap: Uint32Array, obj: number, type: number, depth: number): void {
    for (const member of this.slotsOf(heap, type)) {
      const value = heap[(obj + member.offset) >>> 2] ?? 0;
      if (value !== 0 && !this.edge(heap, obj, member.label, value, depth)) return;
    }
  }

  /** Object-holding members (`__slots__`) of a heap type and its heap-type bases. */
  private readMembers(heap: Uint32Array, type: number): Array<{ offset: number; label: number }> {
    const out: Array<{ offset: number; label: number }> = [];
    for (let t = type, hops = 0; t !== 0 && hops < 64; t = heap[(t + L.tpBase) >>> 2] ?? 0, hops++) {
      if (((heap[(t + L.tpFlags) >>> 2] ?? 0) & Flag.heapType) === 0) break;
      const members = heap[(t + L.tpMembers) >>> 2] ?? 0;
      for (let d = members; d !== 0 && (heap[d >>> 2] ?? 0) !== 0 && out.length < REFERENCE_LIMITS.items; d += L.memberSize) {
        const kind = heap[(d >>> 2) + 1] ?? 0;
        if (kind !== T_OBJECT_EX && kind !== T_OBJECT) continue;
        const name = this.m.UTF8ToString(heap[d >>> 2] ?? 0, 200);
        // CPython's own members of a heap type (`__weakref__`, `__dict__` offsets) are not object slots.
        if (name.startsWith('__') && name.endsWith('__')) continue;
        out.push({ offset: heap[(d >>> 2) + 2] ?? 0, label: this.labels.label(`.${name}`) });
      }
    }
    return out;
  }

  /** Refcounts of the objects reached (not the named ones: the recorder samples those), when changed. */
  private sampleReached(heap: Uint32Array, named: number, step: number, seq: number): void {
    const next = this.nextRc;
    next.clear(this.queueLength);
    const rcs = this.sinks.refcounts;
    for (let i = named; i < this.queueLength; i++) {
      const address = this.queue[i] ?? 0;
      const rc = (heap[address >>> 2] ?? 0) | 0;
      next.put(next.slot(address), address, rc);
      const s = this.lastRc.slot(address);
      if (this.lastRc.has(s) && this.lastRc.values[s] === rc) continue;
      const r = rcs.next();
      const d = rcs.data;
      d[r] = seq;
      d[r + 1] = step;
      d[r + 2] = address;
      d[r + 3] = rc;
    }
    this.nextRc = this.lastRc;
    this.lastRc = next;
  }

  /** The step being diffed, for `onChange` (one callback made once: a closure per step was garbage at every line). */
  private diffStep = 0;
  private diffSeq = 0;
  private readonly onChange = (list: EdgeList, i: number, open: number): void => this.emit(this.heap, list, i, this.diffStep, this.diffSeq, open);

  /** Record the references that appeared and went since the last step. */
  private diff(step: number, seq: number): void {
    const cur = this.cur;
    const prev = this.prev;
    this.diffStep = step;
    this.diffSeq = seq;
    this.changes.compare(prev, cur, this.onChange);
    this.prev = cur;
    this.cur = prev;
  }

  private emit(heap: Uint32Array, list: EdgeList, i: number, step: number, seq: number, open: number): void {
    const refs = this.sinks.refs;
    const at = refs.next();
    const d = refs.data;
    const target = list.target[i] ?? 0;
    d[at] = seq;
    d[at + 1] = step;
    d[at + 2] = list.holder[i] ?? 0;
    d[at + 3] = list.label[i] ?? 0;
    d[at + 4] = target;
    d[at + 5] = list.holderType[i] ?? 0;
    d[at + 6] = list.targetType[i] ?? 0;
    d[at + 7] = open;
    if (open && this.preview) {
      const p = this.sinks.previews;
      const pa = p.next();
      p.data[pa] = refs.count - 1;
      if (!this.preview(heap, target, p.data, pa + 1, this.sinks.previewTexts)) p.pop();
    }
  }
}
