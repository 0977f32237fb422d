import { describe, expect, it } from 'vitest';
import { formatPreview, PreviewKind, tupleItems } from './preview';

describe('tupleItems', () => {
  it("reads back the item count of a tuple's preview, and nothing from other previews", () => {
    for (const n of [1, 2, 17]) expect(tupleItems(formatPreview(PreviewKind.tuple, n, 0, []) ?? '')).toBe(n);
    // A str that reads like one is quoted; ints, None and the empty tuple are not counts.
    for (const other of ["'(2 items)'", '(2 items', '42', 'None', '()']) expect(tupleItems(other)).toBeNull();
  });
});
