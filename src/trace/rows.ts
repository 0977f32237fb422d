/**
 * Items grouped by an integer key (a step, mostly), as compressed rows on typed arrays: the
 * items of key k are `items[start[k - lo]] … items[start[k - lo + 1] - 1]`, in item order.
 * Built by counting in two passes. The per-step indices (events, bindings) used to be a Map
 * of arrays, which took ~0.3–0.5 s each for a trace of 400,000 objects.
 */
export interface Rows {
  lo: number;
  start: Int32Array;
  items: Int32Array;
  /** Keys too far apart to count over (a damaged file): grouped in a Map instead. */
  sparse?: Map<number, number[]>;
}

/** Groups items 0 … n-1 by `keyOf(i)`; a null key leaves the item out. */
export function groupRows(n: number, keyOf: (i: number) => number | null): Rows {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    if (k === null) continue;
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  if (lo > hi) return { lo: 0, start: new Int32Array(1), items: new Int32Array(0) };
  if (hi - lo > 4 * n + (1 << 20)) {
    const sparse = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const k = keyOf(i);
      if (k === null) continue;
      const list = sparse.get(k);
      if (list) list.push(i);
      else sparse.set(k, [i]);
    }
    return { lo: 0, start: new Int32Array(1), items: new Int32Array(0), sparse };
  }
  // Filled from the last item back, as in groupSteps below.
  const start = new Int32Array(hi - lo + 2);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    if (k !== null) start[k - lo]!++;
  }
  for (let s = 1; s < start.length; s++) start[s]! += start[s - 1]!;
  const items = new Int32Array(start[start.length - 1] ?? 0);
  for (let i = n - 1; i >= 0; i--) {
    const k = keyOf(i);
    if (k !== null) items[--start[k - lo]!] = i;
  }
  return { lo, start, items };
}

/** The items of `key`, as a fresh array (empty when there are none). */
export function rowOf(r: Rows, key: number): number[] {
  if (r.sparse) return [...(r.sparse.get(key) ?? [])];
  const k = key - r.lo;
  if (k < 0 || k + 1 >= r.start.length) return [];
  const a = r.start[k] ?? 0;
  const b = r.start[k + 1] ?? a;
  return a === b ? [] : Array.from(r.items.subarray(a, b));
}

/**
 * `groupRows` for the commonest key: a step column, each item keyed by its own value, a
 * negative value (no such event) leaving it out. The same rows, with the loops written out:
 * the key function's call per item per pass was most of the cost of a fresh page's first
 * per-step index (JIT-cold code, ~0.1 s for 250,000 objects).
 */
export function groupSteps(col: Int32Array): Rows {
  const n = col.length;
  let hi = -1;
  for (let i = 0; i < n; i++) if (col[i]! > hi) hi = col[i]!;
  if (hi < 0) return { lo: 0, start: new Int32Array(1), items: new Int32Array(0) };
  if (hi > 4 * n + (1 << 20)) return groupRows(n, (i) => (col[i]! >= 0 ? col[i]! : null));
  // Counted into start[k], summed so that start[k] is where row k ends, then filled from the
  // last item back, each row from its end: start[k] ends where row k begins. No second array
  // to fill through (fresh memory costs ~1 ms per MB on a page's first write).
  const start = new Int32Array(hi + 2);
  for (let i = 0; i < n; i++) {
    const k = col[i]!;
    if (k >= 0) start[k]!++;
  }
  for (let s = 1; s < start.length; s++) start[s]! += start[s - 1]!;
  const items = new Int32Array(start[start.length - 1]!);
  for (let i = n - 1; i >= 0; i--) {
    const k = col[i]!;
    if (k >= 0) items[--start[k]!] = i;
  }
  // Same shape as groupRows (lo is the smallest key there; 0 here, the rows below it empty).
  return { lo: 0, start, items };
}

/** Every item, in key order (items of one key in item order). */
export function itemsInOrder(r: Rows): Int32Array {
  if (!r.sparse) return r.items;
  const keys = [...r.sparse.keys()].sort((a, b) => a - b);
  return Int32Array.from(keys.flatMap((k) => r.sparse!.get(k) ?? []));
}
