/**
 * Raw recording → TraceData. Runs once, after the program has finished, so the hot path
 * during the run stays a handful of typed-array appends (see runtime/recorder.ts).
 *
 * Addresses are resolved to objects by event order (`seq`), not by step: within one
 * line an object can die and its address be handed to the next one, and only the
 * order of the reference tracer's events tells which object a name or a refcount
 * sample belonged to.
 */
import { AddressMap } from './addressMap';
import { CLASS_PREVIEW, formatPreview } from './preview';
import { IMMORTAL_REFCOUNT } from './query';
import { RefEvent, type Recording } from './raw';
import { BlockFate, ObjectFlag, tookByObject, type ObjectColumns, type ReferenceColumns, type TraceData, type TraceMeta } from './types';

/** What the builder needs to know about a CPython type, read from its type object. */
export interface TypeInfo {
  name: string;
  basicsize: number;
  itemsize: number;
}

export type TypeResolver = (typePointer: number) => TypeInfo;

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.push(s) - 1;
      this.index.set(s, i);
    }
    return i;
  }
}

/** Object table with a capacity known up front (creations + possible pre-existing objects). */
class ObjectTable {
  length = 0;
  readonly address: Uint32Array;
  readonly typePtr: Uint32Array;
  readonly word: Int32Array;
  readonly chunk: Int32Array;
  readonly born: Int32Array;
  readonly bornSeq: Int32Array;
  readonly died: Int32Array;
  readonly diedSeq: Int32Array;
  readonly finalized: Int32Array;
  readonly flags: Uint8Array;

  constructor(capacity: number) {
    this.address = new Uint32Array(capacity);
    this.typePtr = new Uint32Array(capacity);
    this.word = new Int32Array(capacity);
    this.chunk = new Int32Array(capacity);
    this.born = new Int32Array(capacity);
    this.bornSeq = new Int32Array(capacity);
    this.died = new Int32Array(capacity).fill(-1);
    this.diedSeq = new Int32Array(capacity).fill(-1);
    this.finalized = new Int32Array(capacity).fill(-1);
    this.flags = new Uint8Array(capacity);
  }

  add(address: number, typePtr: number, word: number, born: number, bornSeq: number, flags: number, chunk = 0): number {
    const o = this.length++;
    this.chunk[o] = chunk;
    this.address[o] = address;
    this.typePtr[o] = typePtr;
    this.word[o] = word;
    this.born[o] = born;
    this.bornSeq[o] = bornSeq;
    this.flags[o] = flags;
    return o;
  }
}

export type BuildMeta = Omit<TraceMeta, 'status' | 'error' | 'elapsedMs' | 'outputTruncated'>;

export function buildTrace(rec: Recording, types: TypeResolver, meta: BuildMeta): TraceData {
  const strings = new StringTable();
  const { stepKind, address, type, word, chunk } = rec.ref;
  const b = rec.bindings;
  const rc = rec.refcounts;
  const fin = rec.finalizers;
  const refs = rec.references;
  const objs = new ObjectTable(
    address.length + b.seq.length + rc.seq.length + fin.seq.length + rec.held.seq.length + 2 * (refs?.seq.length ?? 0),
  );
  const live = new AddressMap(4096);
  // Only addresses that a name, a refcount sample or a finalizer points at ever need
  // resolving; index lifetimes for those alone (a run can create millions of objects).
  const byAddress = new Map<number, number[]>();
  const resolved = [b.address, rc.address, fin.address, rec.held.item, ...(refs ? [refs.holder, refs.target] : [])];
  for (const col of resolved) for (const a of col) if (a !== 0) byAddress.set(a, []);
  /** Destructions of objects created before the run: address → [seq, step] pairs. */
  const orphanDeaths = new Map<number, number[]>();

  const windows = rec.outputWindows;
  let w = 0;
  for (let i = 0; i < address.length; i++) {
    const sk = stepKind[i] ?? 0;
    const step = Math.max(sk >> 1, 0);
    const addr = address[i] ?? 0;
    if ((sk & 1) === RefEvent.create) {
      const stale = live.get(addr);
      if (stale >= 0) closeLifetime(objs, stale, step, i);
      // Windows are sorted and disjoint, and i only grows: one pointer walks them.
      while (windows && w < windows.start.length && (windows.end[w] ?? 0) <= i) w++;
      const inOutput = windows !== undefined && w < windows.start.length && (windows.start[w] ?? 0) <= i;
      const o = objs.add(addr, type[i] ?? 0, word[i] ?? 0, step, i, inOutput ? ObjectFlag.outputPath : 0, chunk?.[i] ?? 0);
      live.set(addr, o);
      byAddress.get(addr)?.push(o);
    } else {
      const o = live.get(addr);
      if (o >= 0) {
        closeLifetime(objs, o, step, i);
        live.delete(addr);
      } else {
        const list = orphanDeaths.get(addr);
        if (list) list.push(i, step);
        else orphanDeaths.set(addr, [i, step]);
      }
    }
  }

  const preexisting = new Map<number, number>();
  /** The object at `addr` when `seq` tracer events had been recorded. */
  const resolve = (addr: number, seq: number, typePtr: number): number => {
    const list = byAddress.get(addr);
    if (list) {
      let lo = 0;
      let hi = list.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((objs.bornSeq[list[mid] ?? 0] ?? 0) < seq) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      // The latest lifetime created here before `seq`. Its destroy event may already have
      // been seen: CPython reports destruction before running `__del__`, so a name can
      // still refer to an object the tracer has called dead (self, inside __del__).
      // Nothing else can be at this address without a creation in between.
      if (found >= 0) return list[found] ?? -1;
    }
    const known = preexisting.get(addr);
    if (known !== undefined) {
      const d = objs.diedSeq[known] ?? -1;
      if (d < 0 || d >= seq) {
        // No creation event told this object's type: the first record that read it does.
        if (objs.typePtr[known] === 0) objs.typePtr[known] = typePtr;
        return known;
      }
    }
    const o = objs.add(addr, typePtr, 0, -1, -1, ObjectFlag.preexisting);
    const deaths = orphanDeaths.get(addr);
    if (deaths) {
      for (let k = 0; k < deaths.length; k += 2) {
        if ((deaths[k] ?? 0) >= seq) {
          closeLifetime(objs, o, deaths[k + 1] ?? 0, deaths[k] ?? 0);
          break;
        }
      }
    }
    preexisting.set(addr, o);
    return o;
  };

  // Bindings: events → intervals. Names are interned once per code object and slot.
  const unknownName = strings.intern('?');
  const slotName = rec.codes.map((c) => c.slotNames.map((n) => strings.intern(n)));
  const globalName = rec.globalNames.map((n) => strings.intern(n));
  const bObj: number[] = [];
  const bName: number[] = [];
  const bFrame: number[] = [];
  const bFrom: number[] = [];
  const bTo: number[] = [];
  const open = new Map<number, number>();
  const previews = new Map<number, string>();
  let nextPreview = 0;
  for (let i = 0; i < b.seq.length; i++) {
    const frame = b.frame[i] ?? -1;
    const name = b.name[i] ?? 0;
    const step = b.step[i] ?? 0;
    const addr = b.address[i] ?? 0;
    const key = (frame + 1) * 2 ** 24 + name;
    const prev = open.get(key);
    if (prev !== undefined) {
      bTo[prev] = step - 1;
      open.delete(key);
    }
    if (addr === 0) continue;
    const o = resolve(addr, b.seq[i] ?? 0, b.type[i] ?? 0);
    objs.flags[o] = (objs.flags[o] ?? 0) | ObjectFlag.named;
    // Previews are in binding order: advance to this binding's, if it has one.
    const pv = rec.previews;
    while (nextPreview < pv.binding.length && (pv.binding[nextPreview] ?? 0) < i) nextPreview++;
    if (pv.binding[nextPreview] === i && !previews.has(o)) {
      const text = formatPreview(pv.kind[nextPreview] ?? 0, pv.a[nextPreview] ?? 0, pv.b[nextPreview] ?? 0, pv.texts);
      if (text !== null) previews.set(o, text);
    }
    open.set(key, bObj.length);
    bObj.push(o);
    bName.push(frame < 0 ? (globalName[name] ?? unknownName) : (slotName[rec.frames.code[frame] ?? -1]?.[name] ?? unknownName));
    bFrame.push(frame);
    bFrom.push(step);
    bTo.push(-1);
  }
  // A binding replaced within the step it was made never covered a whole step: drop it.
  const keep: number[] = [];
  for (let i = 0; i < bObj.length; i++) if ((bTo[i] ?? -1) < 0 || (bTo[i] ?? 0) >= (bFrom[i] ?? 0)) keep.push(i);

  // Refcount samples → per-object step functions (CSR).
  const rcObj = new Int32Array(rc.seq.length);
  for (let i = 0; i < rc.seq.length; i++) {
    const o = resolve(rc.address[i] ?? 0, rc.seq[i] ?? 0, 0);
    rcObj[i] = o;
    if ((rc.value[i] ?? 0) >= IMMORTAL_REFCOUNT) objs.flags[o] = (objs.flags[o] ?? 0) | ObjectFlag.immortal;
  }

  // Items of named containers.
  for (let i = 0; i < rec.held.seq.length; i++) {
    const o = resolve(rec.held.item[i] ?? 0, rec.held.seq[i] ?? 0, rec.held.type?.[i] ?? 0);
    objs.flags[o] = (objs.flags[o] ?? 0) | ObjectFlag.held;
  }

  // Finalizers.
  for (let i = 0; i < fin.seq.length; i++) {
    const o = resolve(fin.address[i] ?? 0, fin.seq[i] ?? 0, fin.type?.[i] ?? 0);
    if (objs.finalized[o] === -1) objs.finalized[o] = fin.step[i] ?? 0;
    objs.flags[o] = (objs.flags[o] ?? 0) | ObjectFlag.finalized;
    // The memory is released only after `__del__` returns: the object dies with the
    // finalizer's frame, not at the (earlier) destroy event.
    const died = objs.died[o] ?? -1;
    const exit = rec.frames.exit[fin.frame[i] ?? -1] ?? -1;
    if (died >= 0 && exit > died) objs.died[o] = exit;
  }

  const references = refs ? buildReferences(refs, objs, resolve, previews, rec.previews.texts, (s) => strings.intern(s)) : undefined;

  const n = objs.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < rcObj.length; i++) start[(rcObj[i] ?? 0) + 1]! += 1;
  for (let o = 0; o < n; o++) start[o + 1]! += start[o] ?? 0;
  const fill = start.slice(0, n);
  const rcStep = new Int32Array(rcObj.length);
  const rcValue = new Int32Array(rcObj.length);
  for (let i = 0; i < rcObj.length; i++) {
    const at = fill[rcObj[i] ?? 0]!++;
    rcStep[at] = rc.step[i] ?? 0;
    rcValue[at] = rc.value[i] ?? 0;
  }

  // Types and sizes.
  const typeCache = new Map<number, { name: number; info: TypeInfo }>();
  const typeOf = (ptr: number) => {
    let t = typeCache.get(ptr);
    if (!t) {
      const info = ptr === 0 ? { name: '?', basicsize: 0, itemsize: 0 } : types(ptr);
      t = { name: strings.intern(info.name), info };
      typeCache.set(ptr, t);
    }
    return t;
  };
  // A class the run freed was read as it went; its address may have held another class
  // since. An object cannot outlive its class: its class is the first freed after its birth
  // at that address, or the one there now.
  const freed = new Map<number, Array<{ seq: number; name: number; info: TypeInfo }>>();
  for (const f of rec.freedTypes ?? []) {
    const list = freed.get(f.address) ?? [];
    list.push({ seq: f.seq, name: strings.intern(f.info.name), info: f.info });
    freed.set(f.address, list);
  }
  const typeOfObject = (o: number) => {
    const ptr = objs.typePtr[o] ?? 0;
    const born = objs.bornSeq[o] ?? -1;
    return freed.get(ptr)?.find((f) => f.seq > born) ?? typeOf(ptr);
  };
  const objType = new Int32Array(n);
  const objSize = new Int32Array(n);
  for (let o = 0; o < n; o++) {
    const t = typeOfObject(o);
    objType[o] = t.name;
    objSize[o] = sizeOf(t.info, objs.word[o] ?? 0);
  }
  // A class's preview is its name (`class Son`), which its label then shows
  // (lifetimes.lifetimeLabel): read from the class itself while it lives, or as it was freed.
  const typeType = strings.intern('type');
  for (let o = 0; o < n; o++) {
    if (objType[o] !== typeType || previews.has(o)) continue;
    const address = objs.address[o] ?? 0;
    const died = objs.diedSeq[o] ?? -1;
    const name = died < 0 ? types(address).name : freed.get(address)?.find((f) => f.seq === died)?.info.name;
    if (name) previews.set(o, `${CLASS_PREVIEW}${name}`);
  }

  const steps = rec.steps;
  // Function name per code object, interned once (not once per step).
  const codeName = rec.codes.map((c) => strings.intern(c.name));
  const unknown = strings.intern('?');
  const func = new Int32Array(steps.line.length);
  for (let s = 0; s < func.length; s++) func[s] = codeName[steps.code[s] ?? -1] ?? unknown;
  const frameFunc = new Int32Array(rec.frames.code.length);
  for (let f = 0; f < frameFunc.length; f++) frameFunc[f] = codeName[rec.frames.code[f] ?? -1] ?? unknown;

  const pick = (src: number[]) =>
    keep.length === src.length ? Int32Array.from(src) : Int32Array.from(keep, (i) => src[i] ?? 0);
  return {
    meta: {
      ...meta,
      status: rec.status,
      error: rec.error,
      elapsedMs: rec.elapsedMs,
      outputTruncated: rec.outputTruncated,
    },
    strings: strings.strings,
    steps: { line: steps.line, func, depth: steps.depth, event: steps.event },
    objects: {
      address: objs.address.slice(0, n),
      type: objType,
      size: objSize,
      born: objs.born.slice(0, n),
      died: objs.died.slice(0, n),
      finalized: objs.finalized.slice(0, n),
      flags: objs.flags.slice(0, n),
      ...(chunk ? { chunk: objs.chunk.slice(0, n) } : {}),
      ...(rec.blocks ? blockColumns(rec, objs) : {}),
      ...(previews.size > 0 ? { preview: Array.from({ length: n }, (_, o) => previews.get(o) ?? null) } : {}),
    },
    refcounts: { start, step: rcStep, value: rcValue },
    bindings: { obj: pick(bObj), name: pick(bName), frame: pick(bFrame), from: pick(bFrom), to: pick(bTo) },
    ...(references ? { references } : {}),
    frames: { func: frameFunc, depth: rec.frames.depth, enter: rec.frames.enter, exit: rec.frames.exit },
    output: rec.output,
  };
}

/**
 * Per object, where its block went (runtime/blocks.ts recorded it by event seq): the
 * destroy event's seq names the object, a creation's seq the object that took the block.
 * A fate that names an event the trace does not keep (a snapshot's cut) stays unknown.
 */
function blockColumns(rec: Recording, objs: ObjectTable): Pick<ObjectColumns, 'blockFate' | 'blockValue' | 'blockStep'> {
  const n = objs.length;
  const events = rec.ref.address.length;
  const objAt = new Int32Array(events).fill(-1);
  for (let o = 0; o < n; o++) {
    const b = objs.bornSeq[o] ?? -1;
    const d = objs.diedSeq[o] ?? -1;
    if (b >= 0 && b < events) objAt[b] = o;
    if (d >= 0 && d < events) objAt[d] = o;
  }
  const fate = new Uint8Array(n);
  const value = new Int32Array(n);
  const step = new Int32Array(n).fill(-1);
  const { seq, fate: f, value: v, step: s } = rec.blocks!;
  for (let k = 0; k < seq.length; k++) {
    const at = seq[k] ?? -1;
    const o = at >= 0 && at < events ? (objAt[at] ?? -1) : -1;
    if (o < 0) continue;
    let kind = f[k] ?? 0;
    let val = v[k] ?? 0;
    if (tookByObject(kind)) {
      val = val >= 0 && val < events ? (objAt[val] ?? -1) : -1;
      if (val < 0) kind = BlockFate.unknown;
    }
    fate[o] = kind;
    value[o] = kind === BlockFate.unknown ? 0 : val;
    // An object took it at its creation; the allocator's moves are seen at the next event.
    step[o] = kind === BlockFate.unknown ? -1 : tookByObject(kind) ? (objs.born[val] ?? -1) : (s[k] ?? -1);
  }
  return { blockFate: fate, blockValue: value, blockStep: step };
}

/**
 * Reference changes → intervals. An open resolves holder and target to the objects at
 * those addresses then; the matching close (same addresses and label) ends that interval,
 * whatever has moved into the addresses since. An interval is clipped to its holder's and
 * target's lives: when an object dies and another takes its address and the same reference
 * within one step, the recorder sees no change, and the newcomer's reference is not kept.
 */
function buildReferences(
  refs: NonNullable<Recording['references']>,
  objs: ObjectTable,
  resolve: (addr: number, seq: number, typePtr: number) => number,
  previews: Map<number, string>,
  texts: string[],
  intern: (s: string) => number,
): ReferenceColumns {
  const label = refs.labels.map(intern);
  const open = new Map<string, number>();
  const holder: number[] = [];
  const lab: number[] = [];
  const target: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const pv = refs.previews;
  let nextPreview = 0;
  for (let i = 0; i < refs.seq.length; i++) {
    const h = refs.holder[i] ?? 0;
    const l = refs.label[i] ?? 0;
    const t = refs.target[i] ?? 0;
    const step = refs.step[i] ?? 0;
    const key = `${h} ${l} ${t}`;
    const row = open.get(key);
    if (row !== undefined) {
      to[row] = step - 1;
      open.delete(key);
    }
    if (refs.open[i] !== 1) continue;
    const seq = refs.seq[i] ?? 0;
    const ho = resolve(h, seq, refs.holderType[i] ?? 0);
    const to_ = resolve(t, seq, refs.targetType[i] ?? 0);
    while (nextPreview < pv.ref.length && (pv.ref[nextPreview] ?? 0) < i) nextPreview++;
    if (pv.ref[nextPreview] === i && !previews.has(to_)) {
      const text = formatPreview(pv.kind[nextPreview] ?? 0, pv.a[nextPreview] ?? 0, pv.b[nextPreview] ?? 0, texts);
      if (text !== null) previews.set(to_, text);
    }
    open.set(key, holder.length);
    holder.push(ho);
    lab.push(label[l] ?? intern('?'));
    target.push(to_);
    from.push(step);
    to.push(-1);
  }
  for (let r = 0; r < holder.length; r++) {
    for (const o of [holder[r] ?? 0, target[r] ?? 0]) {
      const died = objs.died[o] ?? -1;
      if (died >= (from[r] ?? 0) && ((to[r] ?? -1) < 0 || died < (to[r] ?? 0))) to[r] = died;
    }
  }
  return {
    holder: Int32Array.from(holder),
    label: Int32Array.from(lab),
    target: Int32Array.from(target),
    from: Int32Array.from(from),
    to: Int32Array.from(to),
  };
}

function closeLifetime(objs: ObjectTable, o: number, step: number, seq: number): void {
  objs.died[o] = step;
  objs.diedSeq[o] = seq;
}

/**
 * Size in bytes as CPython lays the object out (header + items, without the GC header):
 * `word` is the object's third word at creation, ob_size for variable-size objects and
 * lv_tag for ints (digit count in its upper bits).
 */
function sizeOf(t: TypeInfo, word: number): number {
  if (t.name === 'int') return t.basicsize + t.itemsize * Math.max(1, word >>> 3);
  if (t.name === 'str') return 20 + Math.max(word, 0) + 1;
  // The third word is ob_size only for variable-size types; trust it only when plausible.
  if (t.itemsize > 0 && Math.abs(word) < 1 << 24) return t.basicsize + t.itemsize * Math.abs(word);
  return t.basicsize;
}
