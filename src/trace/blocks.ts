/**
 * The allocator's side of every reuse, told from the trace's `block*` columns (recorded by
 * runtime/blocks.ts from dlmalloc's chunk headers; docs/allocator.md):
 *
 * - `blockNext`: where a dead object's block went ("went to str #12", "to a non-object
 *   allocation of 48 bytes", "merged into a free chunk of 368 bytes", "still free at the
 *   end", "kept on float's free list");
 * - `whyNot`: for an object created elsewhere than where the previous instance of its type
 *   just died, why it did not get that block (taken first, merged, sizes differ, the type's
 *   own free list, or malloc's bin order).
 *
 * Facts here, words in the catalogs (`BlockMessages`); narration, tooltip and objects table
 * all read these two functions.
 */
import { birthAndDeathRows, lifetimeLabel, lineAt } from './lifetimes';
import { hexAddress } from './query';
import { itemsInOrder } from './rows';
import { BlockFate, type TraceData } from './types';
import { shareIndex } from './memo';

/**
 * Types that keep freed instances on a free list of their own in CPython 3.14
 * (Include/internal/pycore_freelist_state.h): their blocks go back to malloc only when the
 * list is full. Named in the explanation; the fact itself (never freed) is read from the run.
 */
export const FREE_LIST_TYPES: ReadonlySet<string> = new Set([
  'float',
  'int',
  'tuple',
  'list',
  'dict',
  'slice',
  'range',
  'range_iterator',
  'list_iterator',
  'tuple_iterator',
  'builtin_function_or_method',
  'method',
  'Context',
  'async_generator',
  'async_generator_asend',
]);

/** Where a block went, as the words need it. */
export type BlockNext =
  /** `freeList`: the type's name when the block stayed on its free list until this object took it. */
  | { kind: 'object'; label: string; step: number; line: number | null; freeList?: string }
  | { kind: 'allocation' | 'merged'; bytes: number; step: number; line: number | null }
  | { kind: 'free' }
  /** `freeList`: the type's name when it is one with a CPython free list, else null. */
  | { kind: 'kept'; freeList: string | null };

export interface BlockFacts {
  /** `0x01733178`: the object's address (its block holds it). */
  address: string;
  /** The block's chunk size in bytes (0 unknown). */
  chunk: number;
  next: BlockNext;
}

/** Why an object did not get the block the previous instance of its type left. */
export type WhyNotReason =
  | { kind: 'object'; label: string }
  | { kind: 'allocation' | 'merged'; bytes: number }
  /** `need`: this object's chunk size; the block was `BlockFacts.chunk`. */
  | { kind: 'sizes'; need: number }
  | { kind: 'kept'; type: string }
  /** Still free and of the same size: malloc handed out another chunk of that size. */
  | { kind: 'order' };

export interface WhyNot {
  /** The previous instance: the object whose block this one did not get. */
  previous: number;
  label: string;
  address: string;
  chunk: number;
  reason: WhyNotReason;
}

/** The words for block facts, in one language. */
export interface BlockMessages {
  /** "its block (0x…, 184 B) went to Son #3 at line 11, step 13" */
  next: (address: string, chunk: number, next: BlockNext) => string;
  /** A table cell's worth: "Son #3 (step 13)", "still free". */
  short: (next: BlockNext) => string;
  /** "it did not get Son #2's block (0x…, 184 B): it needs a 176 B block, …" */
  whyNot: (previous: string, address: string, chunk: number, reason: WhyNotReason) => string;
  /** "came from float's free list (not from malloc): float #2's block" */
  fromFreeList: (type: string, previous: string) => string;
}

const typeOf = (t: TraceData, o: number): string => t.strings[t.objects.type[o] ?? -1] ?? '?';

/** Where object `o`'s block went after it died; null when not known (alive, or not followed). */
export function blockNext(t: TraceData, o: number): BlockFacts | null {
  const { blockFate, blockValue, blockStep } = t.objects;
  const fate = blockFate?.[o] ?? BlockFate.unknown;
  if (fate === BlockFate.unknown || (t.objects.died[o] ?? -1) < 0) return null;
  const value = blockValue?.[o] ?? 0;
  const step = blockStep?.[o] ?? -1;
  const facts = (next: BlockNext): BlockFacts => ({ address: hexAddress(t.objects.address[o] ?? 0), chunk: t.objects.chunk?.[o] ?? 0, next });
  switch (fate) {
    case BlockFate.object:
      return facts({ kind: 'object', label: lifetimeLabel(t, value), step, line: lineAt(t, step) });
    case BlockFate.freeList:
      return facts({ kind: 'object', label: lifetimeLabel(t, value), step, line: lineAt(t, step), freeList: typeOf(t, o) });
    case BlockFate.allocation:
      return facts({ kind: 'allocation', bytes: value, step, line: lineAt(t, step) });
    case BlockFate.merged:
      return facts({ kind: 'merged', bytes: value, step, line: lineAt(t, step) });
    case BlockFate.free:
      return facts({ kind: 'free' });
    case BlockFate.kept: {
      const type = typeOf(t, o);
      return facts({ kind: 'kept', freeList: FREE_LIST_TYPES.has(type) ? type : null });
    }
    default:
      return null;
  }
}

/** `blockNext` in words; null when not known. */
export function blockNextText(t: TraceData, o: number, m: BlockMessages): string | null {
  const f = blockNext(t, o);
  return f ? m.next(f.address, f.chunk, f.next) : null;
}

/** `blockNext` as a table cell; null when not known. */
export function blockNextShort(t: TraceData, o: number, m: BlockMessages): string | null {
  const f = blockNext(t, o);
  return f ? m.short(f.next) : null;
}

const fromListCache = new WeakMap<TraceData, Int32Array>();
shareIndex('freeListSource', fromListCache);

/**
 * The dead object whose block object `o` took off its type's free list (fate `freeList`,
 * read from the run), or -1 when `o` came from malloc or the trace does not say.
 */
export function freeListSource(t: TraceData, o: number): number {
  const { blockFate, blockValue } = t.objects;
  if (!blockFate || !blockValue) return -1;
  let from = fromListCache.get(t);
  if (!from) {
    from = new Int32Array(blockFate.length).fill(-1);
    for (let p = 0; p < blockFate.length; p++) {
      const v = blockValue[p] ?? -1;
      if (blockFate[p] === BlockFate.freeList && v >= 0 && v < from.length) from[v] = p;
    }
    fromListCache.set(t, from);
  }
  return from[o] ?? -1;
}

/** "came from float's free list (not from malloc)" for object `o`; null when it did not. */
export function freeListText(t: TraceData, o: number, m: BlockMessages): string | null {
  const p = freeListSource(t, o);
  return p < 0 ? null : m.fromFreeList(typeOf(t, o), lifetimeLabel(t, p));
}

interface TypeIndex {
  /** Per object: the previous instance of its type that died before it was created, or -1. */
  previous: Int32Array;
}

const indexCache = new WeakMap<TraceData, TypeIndex>();
shareIndex('typeIndex', indexCache);

/**
 * For each created object, the instance of its type that died last before it was created,
 * provided no other instance of the type was created in between (then that one is the
 * "previous"). One pass over the objects in creation order, by step, with the deaths walked
 * alongside; both orders by counting (./rows), the per-type state on typed arrays: with
 * comparator sorts and Maps this was the slowest index of opening the seed's recording.
 */
function typeIndex(t: TraceData): TypeIndex {
  const cached = indexCache.get(t);
  if (cached) return cached;
  const { born, died, type } = t.objects;
  const n = born.length;
  const previous = new Int32Array(n).fill(-1);
  // Created objects by birth step, deaths by step; ties in index order (eventsAt's rows).
  const rows = birthAndDeathRows(t);
  const births = itemsInOrder(rows.born);
  const deaths = itemsInOrder(rows.died);
  // Per type (string index + 1; 0 for a type outside the strings, as in a damaged file): last death and last creation so far, + 1.
  const types = t.strings.length + 1;
  const lastDeath = new Int32Array(types);
  const lastBirth = new Int32Array(types);
  const slot = (o: number): number => {
    const k = (type[o] ?? -1) + 1;
    return k > 0 && k < types ? k : 0;
  };
  let d = 0;
  for (let i = 0; i < births.length; i++) {
    const o = births[i]!;
    const b = born[o]!;
    // Deaths up to this step, of objects created before this one (ties in a step: by order).
    while (d < deaths.length) {
      const p = deaths[d]!;
      const when = died[p]!;
      if (when > b || (when === b && p >= o)) break;
      lastDeath[slot(p)] = p + 1;
      d++;
    }
    const k = slot(o);
    if (k === 0) continue;
    const p = lastDeath[k]! - 1;
    const last = lastBirth[k]! - 1;
    // "Just died": no other instance of the type was made between that death and this one.
    if (p >= 0 && (last < 0 || last === p || born[last]! <= died[p]!)) previous[o] = p;
    lastBirth[k] = o + 1;
  }
  const index = { previous };
  indexCache.set(t, index);
  return index;
}

/**
 * Why object `o` did not get the block that the previous instance of its type had just
 * left; null when it did get it, when there was no such instance, or when the trace does not
 * say where that block went.
 */
export function whyNot(t: TraceData, o: number): WhyNot | null {
  if (!t.objects.blockFate) return null;
  const p = typeIndex(t).previous[o] ?? -1;
  if (p < 0 || t.objects.address[p] === t.objects.address[o]) return null;
  const facts = blockNext(t, p);
  if (!facts) return null;
  const born = t.objects.born[o] ?? 0;
  const need = t.objects.chunk?.[o] ?? 0;
  const next = facts.next;
  let reason: WhyNotReason;
  if (next.kind === 'object' && (t.objects.blockValue?.[p] ?? -1) !== o && next.step <= born) reason = { kind: 'object', label: next.label };
  else if ((next.kind === 'allocation' || next.kind === 'merged') && next.step <= born) reason = { kind: next.kind, bytes: next.bytes };
  else if (need > 0 && facts.chunk > 0 && need !== facts.chunk) reason = { kind: 'sizes', need };
  else if (next.kind === 'kept' && next.freeList) reason = { kind: 'kept', type: next.freeList };
  else reason = { kind: 'order' };
  return { previous: p, label: lifetimeLabel(t, p), address: facts.address, chunk: facts.chunk, reason };
}

/** `whyNot` in words; null when there is nothing to explain. */
export function whyNotText(t: TraceData, o: number, m: BlockMessages): string | null {
  const w = whyNot(t, o);
  return w ? m.whyNot(w.label, w.address, w.chunk, w.reason) : null;
}
