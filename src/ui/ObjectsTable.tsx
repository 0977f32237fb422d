import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from '../store';
import { hexAddress, typeName } from '../trace/query';
import { useSettledTrace } from './useSettledTrace';
import { useT } from './useT';
import { exitAt, lifetimeLabel, lineAt, typeOrdinals } from '../trace/lifetimes';
import { isAliveAfter } from '../trace/steps';
import { ObjectFlag, type TraceData } from '../trace/types';
import { refcountSummary, reuseLinks, shownByBirth } from '../trace/model';
import { blockNextShort, blockNextText } from '../trace/blocks';
import './timeline.css';

export type ObjectsColumn = 'address' | 'type' | 'born' | 'died' | 'maxRefcount' | 'reuses' | 'size' | 'blockNext';
type Direction = 'ascending' | 'descending';

/** Column order; the headers come from the message catalog. New columns go last: scripts and tests read the others by position. */
const COLUMNS: ObjectsColumn[] = ['address', 'type', 'born', 'died', 'maxRefcount', 'reuses', 'size', 'blockNext'];

/** The table's element id: the timeline links to it as its text equivalent. */
export const OBJECTS_TABLE_ID = 'objects-table';

/**
 * Rows rendered at first (the panel shows five to fifteen of them; the window follows the
 * cursor), four pages more on request, so that a 100,000-step run stays responsive. 500 rows
 * were ~6,500 elements, 25 ms of a recording's 300 ms open.
 */
export const OBJECTS_PAGE = 100;

export interface ObjectsTableViewProps {
  trace: TraceData | null;
  selectedObject: number | null;
  showAllObjects: boolean;
  onSelect: (obj: number | null) => void;
  onCursor: (step: number) => void;
  onShowAll: (show: boolean) => void;
  /** A trace has landed and the table has not caught up yet (see useSettledTrace). */
  pending?: boolean;
  /**
   * Follows the cursor without re-rendering on every step: called with a listener, which it
   * calls with the cursor now and on every change (and the trace that cursor is a step of,
   * when known: a step of another trace than the table's is remembered, not shown, until the
   * table has that trace); returns an unsubscribe function.
   */
  subscribeCursor?: (listener: (step: number, of?: TraceData | null) => void) => () => void;
}

/** Where the table should be at a step: the rows of objects created, finalized or destroyed then, else the one born last before it. */
export function focusRow(t: TraceData, rows: readonly number[], step: number): number {
  const { born, died, finalized } = t.objects;
  let latest = -1;
  let latestBorn = -1;
  for (let i = 0; i < rows.length; i++) {
    const o = rows[i] ?? 0;
    const b = born[o] ?? -1;
    if (b === step || died[o] === step || finalized[o] === step) return i;
    if (b <= step && b > latestBorn && isAliveAfter(t, o, step)) {
      latest = i;
      latestBorn = b;
    }
  }
  return latest;
}

/** Marks the rendered rows as alive after the cursor's line or touched by it; returns the focus row's element. */
function markRows(box: HTMLElement | null, t: TraceData, step: number, focus: number | null): HTMLElement | null {
  if (!box) return null;
  const { born, died, finalized } = t.objects;
  let target: HTMLElement | null = null;
  for (const row of box.querySelectorAll<HTMLElement>('tbody tr[data-obj]')) {
    const o = Number(row.dataset.obj);
    const touched = born[o] === step || died[o] === step || finalized[o] === step;
    const state = touched ? 'touched' : isAliveAfter(t, o, step) ? 'alive' : null;
    if (state) row.dataset.at = state;
    else delete row.dataset.at;
    if (focus !== null && o === focus) target = row;
  }
  return target;
}

/**
 * Scrolls the panel, not the page, so that `row` shows (scrollIntoView would move every
 * scrolling ancestor). What counts is the part of the panel its pane shows: on a laptop screen
 * the trace pane cuts the panel's lower half off, and a row in view of the panel alone was
 * below the fold.
 */
function scrollToRow(box: HTMLElement, row: HTMLElement): void {
  if (!row.isConnected) return;
  const panel = box.getBoundingClientRect();
  const pane = box.closest('.pane')?.getBoundingClientRect() ?? panel;
  const head = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
  const from = Math.max(0, pane.top - panel.top) + head; // the rows the pane shows, from the panel's top
  const to = Math.min(box.clientHeight, pane.bottom - panel.top);
  const at = row.getBoundingClientRect().top - panel.top;
  if (to - from < row.offsetHeight) return; // none of the rows shows: nothing to follow
  if (at < from || at + row.offsetHeight > to) box.scrollTop = Math.max(0, box.scrollTop + at - from - (to - from) / 3);
}

function stepCell(t: TraceData, step: number, none: string, atExit: string) {
  if (step < 0) return <span className="tl-muted">{none}</span>;
  return (
    <>
      {lineAt(t, step) ?? (exitAt(t, step) ? atExit : '?')} <span className="tl-muted">@{step}</span>
    </>
  );
}

/**
 * One row per object lifetime: the accessible, sortable twin of the timeline. Clicking (or
 * Enter on) a row selects the lifetime and moves the cursor to its birth.
 */
export function ObjectsTableView({ trace, selectedObject, showAllObjects, onSelect, onCursor, onShowAll, subscribeCursor, pending = false }: ObjectsTableViewProps) {
  const t = useT();
  const [sort, setSort] = useState<{ key: ObjectsColumn; dir: Direction }>({ key: 'born', dir: 'ascending' });
  const [limit, setLimit] = useState(OBJECTS_PAGE);
  /** First row rendered: the window moves to keep the cursor's rows in it. */
  const [offset, setOffset] = useState(0);
  // The same reuse links as the timeline's lanes (trace/model), without laying out a timeline.
  const links = useMemo(() => (trace ? reuseLinks(trace, showAllObjects) : null), [trace, showAllObjects]);
  const maxRefcount = useMemo(() => (trace ? refcountSummary(trace).max : null), [trace]);

  const rows = useMemo(() => {
    if (!trace || !links || !maxRefcount) return [];
    const { address, born, died, size, chunk, blockFate, blockStep } = trace.objects;
    const ord = typeOrdinals(trace);
    const max = maxRefcount;
    const prev = links.prev;
    const bornKey = (o: number): number => born[o] ?? -1;
    const diedKey = (o: number): number => ((died[o] ?? -1) < 0 ? Number.MAX_SAFE_INTEGER : (died[o] ?? 0));
    const cmp: Record<ObjectsColumn, (a: number, b: number) => number> = {
      address: (a, b) => (address[a] ?? 0) - (address[b] ?? 0) || bornKey(a) - bornKey(b),
      type: (a, b) => typeName(trace, a).localeCompare(typeName(trace, b)) || (ord[a] ?? 0) - (ord[b] ?? 0),
      size: (a, b) => (size[a] ?? 0) - (size[b] ?? 0) || (chunk?.[a] ?? 0) - (chunk?.[b] ?? 0) || bornKey(a) - bornKey(b),
      born: (a, b) => bornKey(a) - bornKey(b) || a - b,
      died: (a, b) => diedKey(a) - diedKey(b) || a - b,
      maxRefcount: (a, b) => (max[a] ?? 0) - (max[b] ?? 0) || bornKey(a) - bornKey(b),
      // Known fates first, by kind (object, allocation, merged, free, kept), then by when.
      blockNext: (a, b) =>
        ((blockFate?.[a] ?? 0) || 9) - ((blockFate?.[b] ?? 0) || 9) || (blockStep?.[a] ?? 0) - (blockStep?.[b] ?? 0) || bornKey(a) - bornKey(b),
      reuses: (a, b) => ((prev[a] ?? -1) < 0 ? 1 : 0) - ((prev[b] ?? -1) < 0 ? 1 : 0) || (address[a] ?? 0) - (address[b] ?? 0) || bornKey(a) - bornKey(b),
    };
    if (sort.key === 'born') {
      // The default order, from the trace's birth order instead of a comparator sort (0.2 s at
      // 400,000 objects). Ties go by index, so descending is the exact reverse.
      const inOrder = Array.from(shownByBirth(trace, showAllObjects));
      return sort.dir === 'ascending' ? inOrder : inOrder.reverse();
    }
    const ids = Array.from(links.order);
    const sign = sort.dir === 'ascending' ? 1 : -1;
    const f = cmp[sort.key];
    ids.sort((a, b) => sign * f(a, b) || a - b);
    return ids;
  }, [trace, links, maxRefcount, sort, showAllObjects]);

  const [prevTrace, setPrevTrace] = useState(trace);
  if (trace !== prevTrace) {
    setPrevTrace(trace);
    setLimit(OBJECTS_PAGE);
    setOffset(0);
  }

  // The cursor reaches the table through a subscription, not props: stepping re-renders the
  // table only when the cursor's rows leave the rendered window.
  const panel = useRef<HTMLElement>(null);
  const cursorNow = useRef<number | null>(null);
  const view = useRef({ trace, rows, offset, limit });
  /** The row to bring into view at the next frame, and that frame's request (0: none). */
  const scrollTarget = useRef<HTMLElement | null>(null);
  const scrollFrame = useRef(0);
  useLayoutEffect(() => {
    view.current = { trace, rows, offset, limit };
  });
  const follow = useRef((step: number, of?: TraceData | null): void => {
    cursorNow.current = step;
    const v = view.current;
    if (!v.trace || (of !== undefined && of !== v.trace)) return;
    const i = focusRow(v.trace, v.rows, step);
    if (i >= 0 && (i < v.offset || i >= v.offset + v.limit)) {
      // Render a window around it; the layout effect below marks and scrolls once it is there.
      setOffset(Math.max(0, Math.min(i - Math.floor(OBJECTS_PAGE / 2), v.rows.length - v.limit)));
      return;
    }
    const row = markRows(panel.current, v.trace, step, i >= 0 ? (v.rows[i] ?? null) : null);
    // Scrolled once the frame's layout is done: the narration and the panels above the table
    // change height with the same step, after this listener.
    scrollTarget.current = row;
    if (row && scrollFrame.current === 0) {
      scrollFrame.current = requestAnimationFrame(() => {
        scrollFrame.current = 0;
        if (panel.current && scrollTarget.current) scrollToRow(panel.current, scrollTarget.current);
      });
    }
  });
  useEffect(() => () => cancelAnimationFrame(scrollFrame.current), []);
  useEffect(() => subscribeCursor?.((step, of) => follow.current(step, of)), [subscribeCursor]);
  // New rows (a sort, the all-objects toggle, a new trace, a moved window): follow the cursor again.
  useLayoutEffect(() => {
    if (cursorNow.current !== null) follow.current(cursorNow.current);
  }, [rows, offset, limit]);

  const selectedRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    selectedRow.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedObject]);

  const toggleSort = (key: ObjectsColumn): void =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: 'ascending' }));

  const choose = (o: number): void => {
    onSelect(o);
    const b = trace?.objects.born[o] ?? -1;
    if (b >= 0) onCursor(b);
  };

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, o: number): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(o);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const row = e.currentTarget;
      const next = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  };

  const shown = rows.slice(offset, offset + limit);
  // One tab stop for the whole table (arrow keys move between rows): the selected row, else the first.
  const tabRow = selectedObject !== null && shown.includes(selectedObject) ? selectedObject : shown[0];
  const total = trace?.objects.address.length ?? 0;
  return (
    <section className="inspect-panel objects-panel" aria-label={t.objects.label} ref={panel}>
      <div className="objects-head">
        <h2 className="panel-title">{t.objects.title}</h2>
        <label>
          <input type="checkbox" checked={showAllObjects} onChange={(e) => onShowAll(e.target.checked)} /> {t.objects.showAll}
        </label>
      </div>
      {offset > 0 ? (
        <p className="objects-more">
          <button type="button" onClick={() => setOffset((o) => Math.max(0, o - OBJECTS_PAGE * 4))}>
            {t.objects.showEarlier}
          </button>
        </p>
      ) : null}
      <table id={OBJECTS_TABLE_ID} data-testid="objects-table" className="objects-table">
        <caption className="tl-muted" style={{ captionSide: 'bottom', textAlign: 'left' }}>
          {pending && !trace ? t.objects.pending : t.objects.caption(rows.length, total, showAllObjects, t.objects.columns[sort.key], sort.dir === 'ascending')}
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" aria-sort={sort.key === c ? sort.dir : 'none'}>
                <button type="button" onClick={() => toggleSort(c)}>
                  {t.objects.columns[c]}
                  <span aria-hidden="true">{sort.key === c ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {trace && links && maxRefcount
            ? shown.map((o) => {
                const addr = trace.objects.address[o] ?? 0;
                const prev = links.prev[o] ?? -1;
                const selected = o === selectedObject;
                return (
                  <tr
                    key={o}
                    ref={selected ? selectedRow : undefined}
                    tabIndex={o === tabRow ? 0 : -1}
                    aria-selected={selected}
                    data-obj={o}
                    onClick={() => choose(o)}
                    onKeyDown={(e) => onRowKey(e, o)}
                  >
                    <td title={t.objects.id(addr)}>
                      <code>{hexAddress(addr)}</code>
                    </td>
                    <td>
                      {lifetimeLabel(trace, o)}
                      {(trace.objects.flags[o] ?? 0) & ObjectFlag.outputPath ? (
                        <>
                          {' '}
                          <span className="obj-tag" data-testid="output-path-tag" title={t.objects.outputPathTitle}>
                            {t.objects.outputPathTag}
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td>{stepCell(trace, trace.objects.born[o] ?? -1, t.objects.beforeRun, t.objects.atExit)}</td>
                    <td>{stepCell(trace, trace.objects.died[o] ?? -1, t.objects.alive, t.objects.atExit)}</td>
                    <td>{t.refcount(maxRefcount[o] ?? null)}</td>
                    <td>
                      {prev >= 0 ? (
                        <button
                          type="button"
                          className="objects-reuse"
                          onClick={(e) => {
                            e.stopPropagation();
                            choose(prev);
                          }}
                          title={t.objects.reuseTitle}
                        >
                          {lifetimeLabel(trace, prev)}
                        </button>
                      ) : (
                        <span className="tl-muted">—</span>
                      )}
                    </td>
                    <td
                      className="objects-size"
                      title={(trace.objects.chunk?.[o] ?? 0) > 0 ? t.tooltip.bytesInBlock(trace.objects.size[o] ?? 0, trace.objects.chunk?.[o] ?? 0) : undefined}
                    >
                      {t.objects.sizeCell(trace.objects.size[o] ?? 0, trace.objects.chunk?.[o] ?? 0)}
                    </td>
                    <td className="objects-block" title={blockNextText(trace, o, t.narration.block) ?? undefined}>
                      {blockNextShort(trace, o, t.narration.block) ?? <span className="tl-muted">—</span>}
                    </td>
                  </tr>
                );
              })
            : null}
        </tbody>
      </table>
      {rows.length > shown.length ? (
        <p className="objects-more">
          {offset > 0 ? t.objects.showingRange(offset + 1, offset + shown.length, rows.length) : t.objects.showing(shown.length, rows.length)}{' '}
          <button type="button" onClick={() => setLimit((l) => l + OBJECTS_PAGE * 4)}>
            {t.objects.showMore}
          </button>
        </p>
      ) : null}
    </section>
  );
}

/** The objects table bound to the store (a moment after a new trace lands: see useSettledTrace). */
export function ObjectsTable() {
  const { trace, current } = useSettledTrace();
  const selectedObject = useStore((s) => s.selectedObject);
  const showAllObjects = useStore((s) => s.showAllObjects);
  const selectObject = useStore((s) => s.selectObject);
  const setCursor = useStore((s) => s.setCursor);
  const setShowAllObjects = useStore((s) => s.setShowAllObjects);
  return (
    <ObjectsTableView
      trace={trace}
      selectedObject={selectedObject}
      showAllObjects={showAllObjects}
      onSelect={selectObject}
      onCursor={setCursor}
      onShowAll={setShowAllObjects}
      subscribeCursor={subscribeStoreCursor}
      pending={!current}
    />
  );
}

/** The store's cursor, now and on every change, outside React's render path. */
function subscribeStoreCursor(listener: (step: number, of: TraceData | null) => void): () => void {
  const now = useStore.getState();
  listener(now.cursor, now.trace);
  return useStore.subscribe((s, prev) => {
    if (s.cursor !== prev.cursor || s.trace !== prev.trace) listener(s.cursor, s.trace);
  });
}
