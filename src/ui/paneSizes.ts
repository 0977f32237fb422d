/**
 * The pane sizes a reader chose by dragging a splitter (wide screens only): the output
 * pane's height and the program column's width. Each is a CSS custom property on <html>
 * that app.css and present.css read, with the default layout as the fallback when it is
 * unset; the values are also kept in localStorage, so the next visit's first paint already
 * has them (the head script, ./firstViewHead, copies them back before the body is parsed).
 * No React: the splitter (./Splitter) writes here on every pointer move without a render.
 */

import type { PanesHead } from './firstViewHead';

/** Where the sizes are kept between visits: a JSON object from property name to value. */
export const PANES_STORAGE_KEY = 'refscope:panes';

/** The output pane's row of the page's grid (app.css). */
export const OUTPUT_ROW = '--output-row';
/** The program and trace columns of the main grid (app.css, present.css). */
export const EDITOR_COLUMNS = '--editor-columns';
export const PANE_VARS = [OUTPUT_ROW, EDITOR_COLUMNS] as const;
export type PaneVar = (typeof PANE_VARS)[number];

/**
 * What a stored value may look like: lengths, percentages and CSS functions of them. The
 * head script applies nothing else (another script of the origin could have written the key).
 */
export const PANE_VALUE = /^[\w%.(), -]{1,80}$/;

// The bounds are in the values themselves (clamp, minmax), so a size chosen on a big window
// still fits a small one.
/** The output row: at least two lines of output, at most 70 % of the window's height. */
export const OUTPUT_MIN_REM = 4;
export const OUTPUT_MAX_VH = 70;
/** The program column, as a share of the main area's width; the trace keeps the rest. */
export const EDITOR_MIN = 0.15;
export const EDITOR_MAX = 0.75;

export function outputRowValue(px: number): string {
  return `clamp(${OUTPUT_MIN_REM}rem, ${Math.round(Math.max(0, px))}px, ${OUTPUT_MAX_VH}vh)`;
}

export function editorColumnsValue(share: number): string {
  const percent = Math.round(Math.min(EDITOR_MAX, Math.max(EDITOR_MIN, share)) * 1000) / 10;
  return `minmax(14rem, ${percent}%) minmax(0, 1fr)`;
}

function stored(): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(globalThis.localStorage?.getItem(PANES_STORAGE_KEY) ?? '{}');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Sets (or with null, removes: the default layout) one size now and for the next visits. */
export function setPaneSize(name: PaneVar, value: string | null, keep = true): void {
  const style = document.documentElement.style;
  if (value === null) style.removeProperty(name);
  else style.setProperty(name, value);
  if (!keep) return;
  const sizes = stored();
  if (value === null) delete sizes[name];
  else sizes[name] = value;
  try {
    globalThis.localStorage?.setItem(PANES_STORAGE_KEY, JSON.stringify(sizes));
  } catch {
    // Private mode or no storage: the size lasts for this page only.
  }
}

/** What the page's head script needs to apply the stored sizes (./firstViewHead). */
export const PANES_HEAD: PanesHead = { key: PANES_STORAGE_KEY, vars: PANE_VARS, value: PANE_VALUE.source };
