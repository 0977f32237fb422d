import { useLayoutEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useT } from './useT';
import { EDITOR_COLUMNS, EDITOR_MAX, EDITOR_MIN, OUTPUT_MAX_VH, OUTPUT_ROW, editorColumnsValue, outputRowValue, setPaneSize } from './paneSizes';

/**
 * Which pane a splitter sizes: `output` sits in the gap above the output pane (a child of
 * `.app`), `editor` in the gap right of the program column (a child of `.app-main`). Each is
 * absolutely placed in its grid's gap (layout.css), so the grids keep their tracks.
 */
export type SplitterKind = 'output' | 'editor';

const PANE: Record<SplitterKind, string> = { output: '.pane-output', editor: '.pane-editor' };
/** Arrow-key steps: pixels of output height, shares of the main width (Shift: four times). */
const OUTPUT_STEP = 16;
const EDITOR_STEP = 0.02;

/** The pane's size now: the output row's height in px (its gap included), the program column's share. */
function measure(separator: HTMLElement, kind: SplitterKind): { size: number; percent: number } {
  const container = separator.parentElement;
  const pane = container?.querySelector<HTMLElement>(`:scope > ${PANE[kind]}`);
  if (!container || !pane) return { size: 0, percent: 0 };
  const box = container.getBoundingClientRect();
  const rect = pane.getBoundingClientRect();
  if (kind === 'output') {
    const size = rect.bottom - separator.getBoundingClientRect().top;
    return { size, percent: box.height > 0 ? (100 * size) / box.height : 0 };
  }
  const size = box.width > 0 ? rect.width / box.width : 0;
  return { size, percent: 100 * size };
}

function valueFor(kind: SplitterKind, size: number): string {
  return kind === 'output' ? outputRowValue(size) : editorColumnsValue(size);
}

/**
 * A window splitter (WAI-ARIA `separator`): drag it, or focus it and use the arrow keys
 * (Home/End: the pane's smallest/largest size; Enter or a double click: the default layout).
 * The size goes straight to the page's CSS (./paneSizes) while dragging, without a React
 * render, and is kept for the next visits when the drag or key press ends. Wide screens only.
 */
export function Splitter({ kind }: { kind: SplitterKind }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const drag = useRef<{ pointer: number; start: number; size: number; last: string | null } | null>(null);
  const name = kind === 'output' ? OUTPUT_ROW : EDITOR_COLUMNS;

  /** aria-valuenow follows the layout (a drag, the window's size, the other splitter). */
  const valueText = kind === 'output' ? t.panes.outputValue : t.panes.editorValue;
  const announce = (): void => {
    const el = ref.current;
    if (!el) return;
    const percent = Math.round(measure(el, kind).percent);
    el.setAttribute('aria-valuenow', String(percent));
    el.setAttribute('aria-valuetext', valueText(percent));
  };
  useLayoutEffect(() => {
    announce();
    const el = ref.current?.parentElement;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(announce);
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    return () => observer.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- announce reads refs, kind and the language
  }, [kind, valueText]);

  const apply = (value: string | null, keep: boolean): void => {
    setPaneSize(name, value, keep);
    announce();
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const start = kind === 'output' ? e.clientY : e.clientX;
    drag.current = { pointer: e.pointerId, start, size: measure(e.currentTarget, kind).size, last: null };
    document.documentElement.classList.add(`resizing-${kind}`);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    const container = e.currentTarget.parentElement;
    if (!d || d.pointer !== e.pointerId || !container) return;
    const moved = (kind === 'output' ? e.clientY : e.clientX) - d.start;
    // Up makes the output taller; right makes the program column wider.
    const size = kind === 'output' ? d.size - moved : d.size + moved / container.getBoundingClientRect().width;
    d.last = valueFor(kind, size);
    apply(d.last, false);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    drag.current = null;
    document.documentElement.classList.remove(`resizing-${kind}`);
    if (d.last !== null) apply(d.last, true);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const el = e.currentTarget;
    const { size } = measure(el, kind);
    const factor = e.shiftKey ? 4 : 1;
    let next: number | null = null;
    if (kind === 'output') {
      if (e.key === 'ArrowUp') next = size + OUTPUT_STEP * factor;
      else if (e.key === 'ArrowDown') next = size - OUTPUT_STEP * factor;
      else if (e.key === 'Home') next = 0;
      else if (e.key === 'End') next = (window.innerHeight * OUTPUT_MAX_VH) / 100;
    } else {
      if (e.key === 'ArrowRight') next = size + EDITOR_STEP * factor;
      else if (e.key === 'ArrowLeft') next = size - EDITOR_STEP * factor;
      else if (e.key === 'Home') next = EDITOR_MIN;
      else if (e.key === 'End') next = EDITOR_MAX;
    }
    if (e.key === 'Enter') apply(null, true);
    else if (next !== null) apply(valueFor(kind, next), true);
    else return;
    // Not a step of the trace (StepControls listens on the document for the same keys).
    e.preventDefault();
  };

  const label = kind === 'output' ? t.panes.output : t.panes.editor;
  return (
    <div
      ref={ref}
      className={`splitter splitter-${kind}`}
      role="separator"
      tabIndex={0}
      aria-orientation={kind === 'output' ? 'horizontal' : 'vertical'}
      aria-label={label}
      aria-valuemin={kind === 'output' ? 0 : Math.round(EDITOR_MIN * 100)}
      aria-valuemax={kind === 'output' ? OUTPUT_MAX_VH : Math.round(EDITOR_MAX * 100)}
      title={`${label} — ${kind === 'output' ? t.panes.keysRows : t.panes.keysColumns}`}
      data-testid={`splitter-${kind}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => apply(null, true)}
      onKeyDown={onKeyDown}
    />
  );
}
