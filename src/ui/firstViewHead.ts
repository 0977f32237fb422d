/** The stored pane sizes, as the head script reads them: storage key, properties, the pattern of a value (./paneSizes PANES_HEAD). */
export interface PanesHead {
  key: string;
  vars: readonly string[];
  value: string;
}

/**
 * The page's head script, run before the body is parsed so that the first paint is already
 * right: which language the first view (./firstView) shows, and whether it shows the
 * recording at all. It is this function's source, built into a classic script by
 * vite.config.ts (the page's policy allows no inline script), so it must not refer to
 * anything outside itself: the languages, `matchLang` (i18n/lang) and the storage key are its
 * arguments.
 *
 * Sets on <html>: `data-lang` (the link's `lang=`, else the language chosen before, else the
 * browser's), `data-theme` for a link's `theme=light` or `theme=dark` (app.css), and
 * `data-first-view="off"` when the link asks for anything besides the language, the colours
 * and presentation mode (its own program, an example, a step, a recording...): the
 * app then opens on that, not on the default example's recording. Also the pane sizes the
 * reader dragged on an earlier visit (./paneSizes: `panes` names the storage key, the
 * properties and the pattern a value must match), so the first paint has them.
 */
export function firstViewHead(langs: readonly string[], matchLang: (tags: readonly string[]) => string, storageKey: string, panes: PanesHead): void {
  const root = document.documentElement;
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  for (const key of params.keys()) {
    if (key !== 'lang' && key !== 'present' && key !== 'theme') root.setAttribute('data-first-view', 'off');
  }
  const theme = params.get('theme');
  if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
  let chosen = params.get('lang');
  if (chosen === null) {
    try {
      chosen = localStorage.getItem(storageKey);
    } catch {
      chosen = null; // storage refused (a sandboxed frame)
    }
  }
  const tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
  root.setAttribute('data-lang', chosen !== null && langs.includes(chosen) ? chosen : matchLang(tags));
  try {
    const sizes = JSON.parse(localStorage.getItem(panes.key) || '{}') as Record<string, unknown>;
    for (const name of panes.vars) {
      const value = sizes[name];
      if (typeof value === 'string' && new RegExp(panes.value).test(value)) root.style.setProperty(name, value);
    }
  } catch {
    // storage refused, or not JSON: the default layout
  }
}

/** The head script's text: `firstViewHead` called with the app's own values. */
export function firstViewHeadScript(langs: readonly string[], matchLang: (tags: readonly string[]) => string, storageKey: string, panes: PanesHead): string {
  return `(${firstViewHead.toString()})(${JSON.stringify(langs)}, ${matchLang.toString()}, ${JSON.stringify(storageKey)}, ${JSON.stringify(panes)});\n`;
}
