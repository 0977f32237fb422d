/**
 * The trace's column groups as data: every typed-array column of `TraceData` with its
 * array kind, in one table. The interfaces in `types.ts` carry the meaning of each column;
 * this table is checked against them by the compiler (`satisfies`: a column missing here,
 * an extra one, or one of another kind does not type-check), and everything that walks the
 * columns — the worker-message validator, the JSON reader, the round-trip test — iterates
 * it instead of listing the columns again.
 *
 * `refcounts` is not here: its `start` column has one entry more than there are objects
 * and its samples have a length of their own, so it is checked on its own terms.
 */
import type { BindingColumns, FrameColumns, ObjectColumns, ReferenceColumns, StepColumns } from './types';

/** The constructor of the typed array a column is made of. */
type ArrayKind<A> = A extends Int32Array
  ? Int32ArrayConstructor
  : A extends Uint32Array
    ? Uint32ArrayConstructor
    : A extends Uint8Array
      ? Uint8ArrayConstructor
      : never;

/** The typed-array columns of one group (optional plain arrays like `preview` left out). */
type ColumnTable<G> = { [K in keyof G as G[K] extends ArrayBufferView ? K : never]-?: ArrayKind<G[K]> };

/** Every column group whose columns all have one length (steps, objects, bindings, frames). */
export const TRACE_COLUMNS = {
  steps: { line: Int32Array, func: Int32Array, depth: Int32Array, event: Uint8Array },
  objects: {
    address: Uint32Array,
    type: Int32Array,
    size: Int32Array,
    born: Int32Array,
    died: Int32Array,
    finalized: Int32Array,
    flags: Uint8Array,
  },
  bindings: { obj: Int32Array, name: Int32Array, frame: Int32Array, from: Int32Array, to: Int32Array },
  frames: { func: Int32Array, depth: Int32Array, enter: Int32Array, exit: Int32Array },
} satisfies {
  steps: ColumnTable<StepColumns>;
  objects: ColumnTable<ObjectColumns>;
  bindings: ColumnTable<BindingColumns>;
  frames: ColumnTable<FrameColumns>;
};

export type ColumnGroup = keyof typeof TRACE_COLUMNS;

/**
 * The object → object references (`TraceData.references`), a group of its own because it
 * is optional: traces recorded before Refscope read references have none.
 */
export const REFERENCE_COLUMNS = {
  holder: Int32Array,
  label: Int32Array,
  target: Int32Array,
  from: Int32Array,
  to: Int32Array,
} satisfies ColumnTable<ReferenceColumns>;

/** The arrays a table of column kinds describes. */
type Columns<T> = { [K in keyof T]: T[K] extends new (n: number) => infer A ? A : never };

/** One group's columns, zero-filled, `length` long, of the kinds the table names. */
export function allocateColumns<G extends ColumnGroup>(
  group: G,
  length: number,
): Columns<(typeof TRACE_COLUMNS)[G]> {
  const out: Record<string, ArrayBufferView> = {};
  for (const [name, Kind] of Object.entries(TRACE_COLUMNS[group]) as Array<[string, new (n: number) => ArrayBufferView]>) {
    out[name] = new Kind(length);
  }
  return out as never;
}
