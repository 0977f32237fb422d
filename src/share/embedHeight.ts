/**
 * Auto-height for the embed: whenever the page's content changes height, it posts
 * `{ type: 'refscope:height', height }` (CSS pixels) to the parent page, which may size the
 * iframe to it (README, "Embed"). Only the height goes out; any origin may read it.
 */
import type { HeightMessage } from './embedCode';

/** Starts reporting to `parent` (nothing when the page is not in a frame); returns a stop function. */
export function reportHeight(parent: Window | null = typeof window === 'undefined' ? null : window.parent): () => void {
  if (!parent || parent === window || typeof ResizeObserver !== 'function') return () => {};
  let last = -1;
  const post = (): void => {
    // The content's own height: the document's would never shrink below the frame's.
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last || height === 0) return;
    last = height;
    const message: HeightMessage = { type: 'refscope:height', height };
    parent.postMessage(message, '*');
  };
  const observer = new ResizeObserver(post);
  observer.observe(document.body);
  post();
  return () => observer.disconnect();
}
