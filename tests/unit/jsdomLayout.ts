/**
 * jsdom has no layout: Range lacks getClientRects/getBoundingClientRect, which
 * CodeMirror calls when it measures. Zero-sized answers are enough for tests that
 * check behaviour, not geometry. Import this first in jsdom tests that mount an editor.
 */
if (typeof Range !== 'undefined' && !Range.prototype.getClientRects) {
  const empty = () => Object.assign([] as DOMRect[], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects = empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
}
export {};
