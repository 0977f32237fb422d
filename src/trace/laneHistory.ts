/**
 * One address's block history: every object that lived at the address, in order (hidden
 * temporaries included), and between two occupants what the allocator did with the block
 * (from `blockNext`, i.e. the trace's `block*` columns; docs/allocator.md). The timeline's
 * "Block history" panel reads it; words live in the catalogs.
 */
import { blockNext, freeListSource, type BlockNext } from './blocks';
import { lifetimeLabel, lineAt } from './lifetimes';
import type { TraceData } from './types';

/** One object at the address. */
export interface Occupant {
  kind: 'occupant';
  obj: number;
  /** `object #3` */
  label: string;
  /** `sys.getsizeof`-like size, and the allocator's chunk size (0 unknown). */
  size: number;
  chunk: number;
  /** Steps (-1: before the run / still alive at the end) and their lines (null when no step). */
  born: number;
  died: number;
  bornLine: number | null;
  diedLine: number | null;
  /** Its type's name when its block came off that type's free list (not from malloc), else null. */
  fromFreeList: string | null;
}

/** What became of the block after the occupant before it died. */
export interface BlockEvent {
  kind: 'block';
  next: BlockNext;
}

export type LaneEvent = Occupant | BlockEvent;

/**
 * The history of the block at `address`: occupants in creation order (objects from before
 * the run first), each dead one followed by where its block went when the trace says so.
 * Empty when no object lived there.
 */
export function laneHistory(t: TraceData, address: number): LaneEvent[] {
  const { address: addr, born, died, size, chunk } = t.objects;
  const objs: number[] = [];
  for (let o = 0; o < addr.length; o++) if (addr[o] === address) objs.push(o);
  objs.sort((a, b) => (born[a] ?? -1) - (born[b] ?? -1) || a - b);
  const events: LaneEvent[] = [];
  for (const o of objs) {
    const b = born[o] ?? -1;
    const d = died[o] ?? -1;
    events.push({
      kind: 'occupant',
      obj: o,
      label: lifetimeLabel(t, o),
      size: size[o] ?? 0,
      chunk: chunk?.[o] ?? 0,
      born: b,
      died: d,
      bornLine: lineAt(t, b),
      diedLine: lineAt(t, d),
      fromFreeList: freeListSource(t, o) >= 0 ? (t.strings[t.objects.type[o] ?? -1] ?? '?') : null,
    });
    const facts = blockNext(t, o);
    if (facts) events.push({ kind: 'block', next: facts.next });
  }
  return events;
}
