import { useSyncExternalStore } from 'react';

/**
 * Whether a CSS media query matches, kept current as the window changes (a phone turned
 * sideways). False where there is no `matchMedia` (tests' DOM without it), i.e. a wide screen.
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window.matchMedia !== 'function') return () => {};
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => typeof window.matchMedia === 'function' && window.matchMedia(query).matches,
  );
}

/** The width below which the page shows one panel at a time (layout.css, the same number). */
export const NARROW = '(max-width: 800px)';

/** The system's dark colour scheme (app.css's dark tokens, the timeline's dark palette). */
export const DARK_SCHEME = '(prefers-color-scheme: dark)';

/**
 * The page's `data-theme` (a link's theme=, set by the head script and boot), kept current
 * when a new link changes it: null when the page follows the system.
 */
export function usePageTheme(): string | null {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof MutationObserver === 'undefined') return () => {};
      const observer = new MutationObserver(onChange);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
      return () => observer.disconnect();
    },
    () => document.documentElement.getAttribute('data-theme'),
  );
}
