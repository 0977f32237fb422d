import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from '../store';
import { hexAddress, typeName } from '../trace/query';
import { useT } from '../i18n/useT';
import { lifetimeLabel, lineAt, typeOrdinals } from '../trace/lifetimes';
import type { TraceData } from '../trace/types';
import { layoutTimeline } from '../timeline/layout';
import './timeline.css';

export type ObjectsColumn = 'address' | 'type' | 'born' | 'died' | 'maxRefcount' | 'reuses';
type Direction = 'ascending' | 'descending';

/** Column order; the headers come from the message catalog. */
const COLUMNS: ObjectsColumn[] = ['address', 'type', 'born', 'died', 'maxRefcount', 'reuses'];

/** Rows rendered at first; more on request, so that a 100,000-step run stays responsive. */
export const OBJECTS_PAGE = 500;

export interface ObjectsTableViewProps {
  trace: TraceData | null;
  selectedObject: number | null;
  showAllObjects: boolean;
  onSelect: (obj: number | null) => void;
  onCursor: (step: number) => void;
  onShowAll: (show: boolean) => void;
}

function stepCell(t: TraceData, step: number, none: string) {
  if (step < 0) return <span className="tl-muted">{none}</span>;
  return (
    <>
      {lineAt(t, step) ?? '?'} <span className="tl-muted">@{step}</span>
    </>
  );
}

/**
 * One row per object lifetime: the accessible, sortable twin of the timeline. Clicking (or
 * Enter on) a row selects the lifetime and moves the cursor to its birth.
 */
export function ObjectsTableView({ trace, selectedObject, showAllObjects, onSelect, onCursor, onShowAll }: ObjectsTableViewProps) {
  const t = useT();
  const [sort, setSort] = useState<{ key: ObjectsColumn; dir: Direction }>({ key: 'born', dir: 'ascending' });
  const [limit, setLimit] = useState(OBJECTS_PAGE);
  const layout = useMemo(() => (trace ? layoutTimeline(trace, { sort: 'reuse', showAll: showAllObjects }) : null), [trace, showAllObjects]);

  const rows = useMemo(() => {
    if (!trace || !layout) return [];
    const ids = Array.from(layout.shown);
    const { address, born, died } = trace.objects;
    const ord = typeOrdinals(trace);
    const max = layout.objMaxRefcount;
    const prev = layout.objPrev;
    const bornKey = (o: number): number => born[o] ?? -1;
    const diedKey = (o: number): number => ((died[o] ?? -1) < 0 ? Number.MAX_SAFE_INTEGER : (died[o] ?? 0));
    const cmp: Record<ObjectsColumn, (a: number, b: number) => number> = {
      address: (a, b) => (address[a] ?? 0) - (address[b] ?? 0) || bornKey(a) - bornKey(b),
      type: (a, b) => typeName(trace, a).localeCompare(typeName(trace, b)) || (ord[a] ?? 0) - (ord[b] ?? 0),
      born: (a, b) => bornKey(a) - bornKey(b) || a - b,
      died: (a, b) => diedKey(a) - diedKey(b) || a - b,
      maxRefcount: (a, b) => (max[a] ?? 0) - (max[b] ?? 0) || bornKey(a) - bornKey(b),
      reuses: (a, b) => ((prev[a] ?? -1) < 0 ? 1 : 0) - ((prev[b] ?? -1) < 0 ? 1 : 0) || (address[a] ?? 0) - (address[b] ?? 0) || bornKey(a) - bornKey(b),
    };
    const sign = sort.dir === 'ascending' ? 1 : -1;
    const f = cmp[sort.key];
    ids.sort((a, b) => sign * f(a, b) || a - b);
    return ids;
  }, [trace, layout, sort]);

  const [prevTrace, setPrevTrace] = useState(trace);
  if (trace !== prevTrace) {
    setPrevTrace(trace);
    setLimit(OBJECTS_PAGE);
  }

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

  const shown = rows.slice(0, limit);
  const total = trace?.objects.address.length ?? 0;
  return (
    <section className="inspect-panel objects-panel" aria-label={t.objects.label}>
      <div className="objects-head">
        <h2 className="panel-title">{t.objects.title}</h2>
        <label>
          <input type="checkbox" checked={showAllObjects} onChange={(e) => onShowAll(e.target.checked)} /> {t.objects.showAll}
        </label>
      </div>
      <table data-testid="objects-table" className="objects-table">
        <caption className="tl-muted" style={{ captionSide: 'bottom', textAlign: 'left' }}>
          {t.objects.caption(rows.length, total, showAllObjects, t.objects.columns[sort.key], sort.dir === 'ascending')}
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
          {trace && layout
            ? shown.map((o) => {
                const addr = trace.objects.address[o] ?? 0;
                const prev = layout.objPrev[o] ?? -1;
                const selected = o === selectedObject;
                return (
                  <tr
                    key={o}
                    ref={selected ? selectedRow : undefined}
                    tabIndex={0}
                    aria-selected={selected}
                    data-obj={o}
                    onClick={() => choose(o)}
                    onKeyDown={(e) => onRowKey(e, o)}
                  >
                    <td title={t.objects.id(addr)}>
                      <code>{hexAddress(addr)}</code>
                    </td>
                    <td>{lifetimeLabel(trace, o)}</td>
                    <td>{stepCell(trace, trace.objects.born[o] ?? -1, t.objects.beforeRun)}</td>
                    <td>{stepCell(trace, trace.objects.died[o] ?? -1, t.objects.alive)}</td>
                    <td>{t.refcount(layout.objMaxRefcount[o] ?? null)}</td>
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
                  </tr>
                );
              })
            : null}
        </tbody>
      </table>
      {rows.length > shown.length ? (
        <p className="objects-more">
          {t.objects.showing(shown.length, rows.length)}{' '}
          <button type="button" onClick={() => setLimit((l) => l + OBJECTS_PAGE * 4)}>
            {t.objects.showMore}
          </button>
        </p>
      ) : null}
    </section>
  );
}

/** The objects table bound to the store. */
export function ObjectsTable() {
  const trace = useStore((s) => s.trace);
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
    />
  );
}
