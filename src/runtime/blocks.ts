/**
 * Where each freed block went: the allocator's side of every reuse (issue 16).
 *
 * When the reference tracer reports a destruction, the object's block is still in use (the
 * tracer runs before `tp_dealloc`). The block is noted as pending and looked at again, from
 * linear memory only, at the end of each following step until its fate is decided (a
 * creation in it is caught at its own event):
 *
 * - an object is created in it (its block starts at the same address) → that object; when
 *   the chunk was looked at at least once since the death, never seen free, and the new
 *   object has the dead one's type → `freeList`: it came off the type's own free list, not
 *   from malloc (read from the headers, not from the type's name);
 * - dlmalloc merged it with a free neighbour (the chunk at its place grew, or the next
 *   chunk's `prev_foot` says a larger free chunk ends there) → merged, with that size;
 * - it was freed and is in use again with no object created there → a non-object
 *   allocation (a dict's keys, a list's items, a buffer) of the new chunk's size;
 * - still free at the end, or never freed at all (a type's own free list kept it).
 *
 * dlmalloc's layout (docs/allocator.md): chunk `c` = block − 8; `c + 4` its head
 * (`size | PINUSE 1 | CINUSE 2`); the next chunk at `c + size`, whose first word
 * (`prev_foot`) holds this chunk's size while this one is free, and whose head's PINUSE
 * says whether this one is in use. Nothing here calls the allocator or allocates in the
 * Python heap: a scan of the pending blocks per creation, a handful of word reads per
 * pending block per step.
 *
 * Between two looks the allocator may run many times unseen (a free, then a malloc of the
 * same size, with no object made); such a block is reported by what is seen next, so the
 * answers are "as observed at the end of the step". Cost is bounded: at most MAX_PENDING
 * blocks are followed at once; when more are pending the oldest is given up (fate
 * `unknown`).
 */
import { Records } from './columns';
import { BlockFate } from '../trace/types';

/** Blocks followed at once; the oldest beyond it is given up. */
export const MAX_PENDING = 64;

const AWAIT = 0; // destroyed, not yet seen freed
const FREE = 1; // seen free, unmerged

/** PyTypeObject.tp_flags on wasm32, and the flags that put words in front of an object. */
const TP_FLAGS = 84;
const HAVE_GC = 1 << 14;
const PREHEADER = (1 << 4) | (1 << 3); // Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF

/** Start of the block malloc returned for the object at `obj` (`_PyType_PreHeaderSize`). */
export function blockStart(heap: Uint32Array, obj: number, type: number): number {
  const flags = type === 0 ? 0 : (heap[(type + TP_FLAGS) >>> 2] ?? 0);
  return obj - ((flags & HAVE_GC) !== 0 ? 8 : 0) - ((flags & PREHEADER) !== 0 ? 8 : 0);
}

/**
 * Bytes `malloc` really reserved for the block at `block`: the size in dlmalloc's chunk
 * head, the word before it. 0 when that word does not look like an in-use chunk.
 */
export function chunkAt(heap: Uint32Array, block: number): number {
  const head = heap[(block - 4) >>> 2] ?? 0;
  // CINUSE (2) must be set; a chunk is 8-aligned and at least 16 bytes.
  return (head & 2) !== 0 && (block & 7) === 0 && head >= 16 ? head & ~7 : 0;
}

export class BlockWatch {
  /** Decided fates: destroy seq, fate, value, step decided (-1 at the end). */
  readonly out = new Records(4);

  // Pending blocks, in the order they were destroyed (oldest first).
  private n = 0;
  private readonly seq = new Int32Array(MAX_PENDING);
  private readonly block = new Uint32Array(MAX_PENDING);
  private readonly size = new Uint32Array(MAX_PENDING);
  private readonly obj = new Uint32Array(MAX_PENDING);
  private readonly type = new Uint32Array(MAX_PENDING);
  private readonly state = new Uint8Array(MAX_PENDING);
  /** Step-end looks at the pending block since its death (saturating). */
  private readonly looks = new Uint8Array(MAX_PENDING);

  /**
   * One tracer event (`seq` its record's index): a destruction's block becomes pending, a
   * creation in a pending block decides it. A linear scan: MAX_PENDING is small.
   * `block` and `size` are `blockStart` and its `chunkAt`, read at the event: the
   * WebAssembly tracer reads them there and this runs later, when its records are drained.
   */
  onEvent(seq: number, step: number, obj: number, type: number, destroy: boolean, block: number, size: number): void {
    if (!destroy) {
      for (let i = 0; i < this.n; i++) {
        if (this.block[i] === block) {
          // Never seen free at any look since the death (a look that saw it free, merged or
          // reused would have moved it on), and taken by the same type: the type's free list
          // handed it back. With no look in between (death and creation in one step) malloc
          // may have freed and returned it unseen: then only "an object took it".
          const viaList = this.state[i] === AWAIT && this.looks[i]! > 0 && this.type[i] === type;
          this.decide(i, viaList ? BlockFate.freeList : BlockFate.object, seq, step);
          return;
        }
      }
      return;
    }
    if (size === 0) return; // not from malloc (a static object): nothing to follow
    if (this.n === MAX_PENDING) this.decide(0, BlockFate.unknown, 0, step);
    const i = this.n++;
    this.seq[i] = seq;
    this.block[i] = block;
    this.size[i] = size;
    this.obj[i] = obj;
    this.type[i] = type;
    this.state[i] = AWAIT;
    this.looks[i] = 0;
  }

  /**
   * A step ended (`step` is the one that ended): read the pending blocks' chunk headers.
   * Once per step rather than per event keeps the cost per event at the scan above; what
   * the allocator did during the step is credited to that step.
   */
  onStep(heap: Uint32Array, step: number): void {
    if (this.n > 0) this.check(heap, step);
  }

  /**
   * The creation at `seq` was the instrumentation's own (recorder.retractLineInt: a boxed
   * line number, freed right after): a block it took is not followed further.
   */
  retract(seq: number): void {
    const out = this.out;
    for (let r = out.count - 1; r >= 0 && r >= out.count - MAX_PENDING; r--) {
      const fate = out.get(r, 1);
      if ((fate === BlockFate.object || fate === BlockFate.freeList) && out.get(r, 2) === seq) out.set(r, 1, BlockFate.unknown);
    }
  }

  /** End of the run: what is still pending is free, or was never freed. */
  finish(heap: Uint32Array, step: number): void {
    if (this.n > 0) this.check(heap, step);
    while (this.n > 0) this.decide(0, this.state[0] === FREE ? BlockFate.free : BlockFate.kept, 0, -1);
  }

  private check(heap: Uint32Array, step: number): void {
    for (let i = 0; i < this.n; ) {
      const fate = this.fateOf(heap, i);
      if (fate < 0) {
        if (this.looks[i]! < 255) this.looks[i] = this.looks[i]! + 1;
        i++;
      }
      else this.decide(i, fate, this.value, step);
    }
  }

  /** Set by fateOf alongside a decided fate. */
  private value = 0;

  /** The fate of pending block `i` if memory decides it now, else -1. */
  private fateOf(heap: Uint32Array, i: number): number {
    const c = this.block[i]! - 8;
    const size = this.size[i]!;
    const head = heap[(c + 4) >>> 2] ?? 0;
    const nextHead = heap[(c + size + 4) >>> 2] ?? 0;
    const foot = heap[(c + size) >>> 2] ?? 0;
    const inUse = (head & 2) !== 0;
    const nextSaysInUse = (nextHead & 1) !== 0;
    if (this.state[i] === AWAIT) {
      if (inUse && (head & ~7) === size && nextSaysInUse) {
        // Unchanged, unless it was freed and taken again between events: the type word
        // (the object's second word) survives a dealloc but not a free (dlmalloc's links)
        // or a new owner's writes, except for large GC objects; best effort.
        if ((heap[(this.obj[i]! + 4) >>> 2] ?? 0) === this.type[i]) return -1;
        this.value = size;
        return BlockFate.allocation;
      }
      if (!inUse && (head & ~7) === size) {
        this.state[i] = FREE;
        return this.freeFate(i, head, nextSaysInUse, foot, size);
      }
      return this.changed(inUse, head, nextSaysInUse, foot, size);
    }
    if (inUse) {
      // Free before, in use now: malloc handed it out, and no object was made in it.
      this.value = head & ~7;
      return BlockFate.allocation;
    }
    return this.freeFate(i, head, nextSaysInUse, foot, size);
  }

  /** A block seen free: still free unmerged (-1), or merged since. */
  private freeFate(_i: number, head: number, nextSaysInUse: boolean, foot: number, size: number): number {
    if ((head & ~7) === size && !nextSaysInUse && foot === size) return -1;
    return this.changed(false, head, nextSaysInUse, foot, size);
  }

  /** The chunk's head or its neighbour's words no longer describe the block as it was. */
  private changed(inUse: boolean, head: number, nextSaysInUse: boolean, foot: number, size: number): number {
    const now = head & ~7;
    if (!inUse && now > size) {
      // Merged forward (or into the top chunk): its head now covers its neighbour too.
      this.value = now;
      return BlockFate.merged;
    }
    if (!nextSaysInUse || foot > size) {
      // Merged backward: the free chunk in front of it grew over it; the next chunk's
      // prev_foot holds the merged size (stale if that one was merged as well).
      this.value = !nextSaysInUse && foot > size ? foot : 0;
      return BlockFate.merged;
    }
    // A chunk in use starting here with another size: freed, merged, split, handed out.
    this.value = inUse ? now : 0;
    return inUse ? BlockFate.allocation : BlockFate.merged;
  }

  private decide(i: number, fate: number, value: number, step: number): void {
    const at = this.out.next();
    const d = this.out.data;
    d[at] = this.seq[i]!;
    d[at + 1] = fate;
    d[at + 2] = value;
    d[at + 3] = step;
    const last = --this.n;
    // Keep the destruction order: shift the rest down (MAX_PENDING is small). A plain loop:
    // seven copyWithin calls per decided block took a tenth of a traced seed loop (profiled).
    for (let j = i; j < last; j++) {
      this.seq[j] = this.seq[j + 1]!;
      this.block[j] = this.block[j + 1]!;
      this.size[j] = this.size[j + 1]!;
      this.obj[j] = this.obj[j + 1]!;
      this.type[j] = this.type[j + 1]!;
      this.state[j] = this.state[j + 1]!;
      this.looks[j] = this.looks[j + 1]!;
    }
  }
}
