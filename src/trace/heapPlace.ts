/**
 * Where each object's box sits in the heap view, decided once per trace so that stepping
 * never reshuffles the picture: an object keeps one column and one row for as long as the
 * view can show it (from the first step a name or a reference reaches it to the last), and a
 * row is handed to a later object only once its previous one has left the view, as the
 * timeline reuses lanes.
 *
 * Columns are layers, as Python Tutor reads: objects nothing else holds (what the names hold)
 * in the first column, then each object one column right of its nearest holder (breadth
 * first over the references it has while shown). The depth at the step it first appears
 * would put nearly everything in the first column, since most objects are first met bound to
 * a name (`self` in `__init__`), so the references of its whole time on view decide.
 */
import type { TraceData } from './types';

/** Per object: its column and row in the heap view, -1 for objects no name or reference ever reaches. */
export interface HeapPlaces {
  column: Int32Array;
  row: Int32Array;
  /** How many columns the trace uses (at least 1). */
  columns: number;
}

const cache = new WeakMap<TraceData, HeapPlaces>();
const slotCache = new WeakMap<TraceData, Int32Array>();

/** The steps each object can be on view: [first, end], or -1 when never. */
function spans(t: TraceData): { first: Int32Array; end: Int32Array } {
  const n = t.objects.address.length;
  const last = Math.max(0, t.steps.line.length - 1);
  const first = new Int32Array(n).fill(-1);
  const end = new Int32Array(n).fill(-1);
  const see = (o: number, from: number, to: number) => {
    if (o < 0 || o >= n) return;
    // One step of margin each side: names and references are read a step apart (trace/steps).
    const stop = to < 0 ? last + 1 : to + 1;
    const start = Math.max(0, from - 1);
    if ((first[o] ?? -1) < 0 || start < (first[o] ?? 0)) first[o] = start;
    if (stop > (end[o] ?? -1)) end[o] = stop;
  };
  const b = t.bindings;
  for (let i = 0; i < b.obj.length; i++) see(b.obj[i] ?? -1, b.from[i] ?? 0, b.to[i] ?? -1);
  const r = t.references;
  for (let i = 0; i < (r?.holder.length ?? 0); i++) {
    see(r?.target[i] ?? -1, r?.from[i] ?? 0, r?.to[i] ?? -1);
    see(r?.holder[i] ?? -1, r?.from[i] ?? 0, r?.to[i] ?? -1);
  }
  return { first, end };
}

/** Per object: its column (layer) and its row in that column, kept while it is on view. */
export function heapPlaces(t: TraceData): HeapPlaces {
  const cached = cache.get(t);
  if (cached) return cached;
  const n = t.objects.address.length;
  const { first, end } = spans(t);
  const objs: number[] = [];
  for (let o = 0; o < n; o++) if ((first[o] ?? -1) >= 0) objs.push(o);
  objs.sort((a, c) => (first[a] ?? 0) - (first[c] ?? 0) || a - c);

  // Who holds whom, at any step (a reference to itself does not make a layer).
  const held = new Uint8Array(n);
  const out = new Map<number, number[]>();
  const r = t.references;
  for (let i = 0; i < (r?.holder.length ?? 0); i++) {
    const h = r?.holder[i] ?? -1;
    const g = r?.target[i] ?? -1;
    if (h < 0 || g < 0 || h >= n || g >= n || h === g) continue;
    held[g] = 1;
    const list = out.get(h);
    if (list) list.push(g);
    else out.set(h, [g]);
  }
  // Breadth first from the objects nothing holds, in order of appearance; a cycle nothing
  // else holds starts from its earliest member.
  const column = new Int32Array(n).fill(-1);
  const order: number[] = [];
  const bfs = (roots: number[]) => {
    const queue = roots.filter((o) => column[o] === -1);
    for (const o of queue) column[o] = 0;
    for (let q = 0; q < queue.length; q++) {
      const o = queue[q] ?? 0;
      order.push(o);
      for (const g of out.get(o) ?? []) {
        if ((first[g] ?? -1) < 0 || column[g] !== -1) continue;
        column[g] = (column[o] ?? 0) + 1;
        queue.push(g);
      }
    }
  };
  bfs(objs.filter((o) => !held[o]));
  for (const o of objs) if (column[o] === -1) bfs([o]);
  const rank = new Int32Array(n);
  order.forEach((o, k) => (rank[o] = k));

  // Rows: per column, the first row free over the object's span, preferring its holder's row
  // (a chain reads along one row, as in Python Tutor).
  const row = new Int32Array(n).fill(-1);
  const firstHolder = new Int32Array(n).fill(-1);
  for (const o of order) for (const g of out.get(o) ?? []) if (firstHolder[g] === -1 && (column[g] ?? 0) > (column[o] ?? 0)) firstHolder[g] = o;
  /** Per column, per row: the last step its current occupant can be on view. */
  const busy: number[][] = [];
  const byAppearance = [...objs].sort((a, c) => (first[a] ?? 0) - (first[c] ?? 0) || (rank[a] ?? 0) - (rank[c] ?? 0));
  let columns = 1;
  for (const o of byAppearance) {
    const c = column[o] ?? 0;
    columns = Math.max(columns, c + 1);
    const lanes = (busy[c] ??= []);
    const f = first[o] ?? 0;
    const free = (k: number) => (lanes[k] ?? -1) < f;
    const h = firstHolder[o] ?? -1;
    const want = h >= 0 ? (row[h] ?? -1) : -1;
    let k = want >= 0 && free(want) ? want : -1;
    if (k < 0) {
      k = 0;
      while (!free(k)) k++;
    }
    lanes[k] = end[o] ?? f;
    row[o] = k;
  }
  const places = { column, row, columns };
  cache.set(t, places);
  return places;
}

/**
 * Per object: its slot (0, 1, 2…), or -1 for objects no name or reference ever reaches. Slots
 * number the places row by row, so boxes in slot order read (and take focus) row by row; two
 * objects on view at the same step never share one.
 */
export function heapSlots(t: TraceData): Int32Array {
  const cached = slotCache.get(t);
  if (cached) return cached;
  const { column, row, columns } = heapPlaces(t);
  const slots = column.map((c, o) => (c < 0 ? -1 : (row[o] ?? 0) * columns + c));
  slotCache.set(t, slots);
  return slots;
}
