import { useMemo, useRef, useState } from 'react';
import { addTraceWarmer, useStore } from '../store';
import { layoutTimeline, type LaneSort, type TimelineLayout } from '../timeline/layout';
import { typeColor } from '../timeline/palette';
import type { TimelineView } from '../timeline/view';
import type { TraceData } from '../trace/types';
import { TimelineCanvas, type CursorFeed } from './TimelineCanvas';
import { TimelineExport } from './TimelineExport';
import type { Messages } from '../i18n';
import { useT } from './useT';
import './timeline.css';
import { NARROW, useMediaQuery } from './useMediaQuery';

/** How lanes are ordered until the reader picks another order. */
const DEFAULT_SORT: LaneSort = 'reuse';

// A recording being opened gets its layout computed before it is shown (store/prepare), so the
// first render of a large trace does not hold the page for the layout on top of everything else.
addTraceWarmer((t) => t.steps.line.length > 0 && layoutTimeline(t, { sort: DEFAULT_SORT, showAll: useStore.getState().showAllObjects }));

export interface TimelinePanelViewProps {
  trace: TraceData | null;
  /** The step to mark, or a feed of it (the store's cursor, followed outside React). */
  cursor: number | CursorFeed;
  selectedObject: number | null;
  showAllObjects: boolean;
  onCursor: (step: number) => void;
  onSelect: (obj: number | null) => void;
  onShowAll: (show: boolean) => void;
  /** Drawing scale of the timeline (above 1 in presentation mode). */
  scale?: number;
  /** Id of the objects table, the timeline's text equivalent, when the page has one. */
  textEquivalent?: string;
}

/** How much larger the timeline draws in presentation mode. */
export const PRESENT_TIMELINE_SCALE = 1.5;

/** A tiny step line, as drawn inside the bars. */
function RefcountGlyph() {
  return (
    <svg width="16" height="10" viewBox="0 0 16 10" aria-hidden="true" style={{ marginLeft: 6, marginRight: 2 }}>
      <path d="M0 8 H5 V3 H10 V6 H16" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** The event kinds of the timeline, each with its glyph (as drawn) and its explanation. */
function markKinds(m: Messages) {
  const { marks, why } = m.timeline;
  return [
    { key: 'created', glyph: <span aria-hidden="true">▏</span>, label: marks.created, why: why.created },
    { key: 'destroyed', glyph: <span aria-hidden="true">▌</span>, label: marks.destroyed, why: why.destroyed },
    { key: 'finalized', glyph: <span aria-hidden="true" className="tl-fin">◆</span>, label: marks.finalized, why: why.finalized },
    { key: 'reused', glyph: <span aria-hidden="true">⌒</span>, label: marks.reused, why: why.reused },
    { key: 'refcount', glyph: <RefcountGlyph />, label: marks.refcount, why: why.refcount },
    { key: 'preexisting', glyph: <span aria-hidden="true">▭</span>, label: marks.preexisting, why: why.preexisting },
  ];
}

/**
 * The legend: one line of type swatches and marks, drawn before any run too (with no
 * types), so the timeline below it never moves when a run starts or ends. Hover a mark for
 * its explanation; a line too long for the panel scrolls sideways.
 */
function Legend({ layout }: { layout: TimelineLayout | null }) {
  const m = useT();
  const types = layout ? [...layout.typeColors.entries()] : [];
  const kinds = markKinds(m);
  return (
    // The legend scrolls sideways when narrow: focusable, so the keyboard can scroll it too.
    <ul className="tl-legend" aria-label={m.timeline.legend} tabIndex={0}>
      {types.slice(0, 12).map(([type, color]) => (
        <li key={type}>
          <span className="tl-swatch" style={{ background: typeColor(color) }} aria-hidden="true" />
          {layout?.trace.strings[type] ?? '?'}
        </li>
      ))}
      {types.length > 12 ? <li>{m.timeline.moreTypes(types.length - 12)}</li> : null}
      <li className="tl-legend-mark">
        {kinds
          .filter((k) => k.key !== 'preexisting')
          .map((k) => (
            <span key={k.key} className="tl-legend-kind" title={k.why} data-kind={k.key}>
              {k.glyph}
              {k.label}{' '}
            </span>
          ))}
      </li>
    </ul>
  );
}

/** "What the marks mean": every mark with its explanation, opening over the timeline. */
function MarksExplained() {
  const m = useT();
  return (
    <details className="tl-explain" data-testid="marks-explained">
      <summary>{m.timeline.explain}</summary>
      <dl>
        {markKinds(m).map((k) => (
          <div key={k.key} style={{ display: 'contents' }}>
            <dt>
              {k.glyph} {k.label}
            </dt>
            <dd>{k.why}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** The timeline panel for explicit props (tests, embeds); `TimelinePanel` connects it to the store. */
export function TimelinePanelView({ trace, cursor, selectedObject, showAllObjects, onCursor, onSelect, onShowAll, scale = 1, textEquivalent }: TimelinePanelViewProps) {
  const m = useT();
  const [sort, setSort] = useState<LaneSort>(DEFAULT_SORT);
  // A program that never ran a line (a SyntaxError) has nothing to draw: say why instead of an empty chart.
  const ran = trace !== null && trace.steps.line.length > 0;
  const layout = useMemo(() => (trace && ran ? layoutTimeline(trace, { sort, showAll: showAllObjects }) : null), [trace, ran, sort, showAllObjects]);
  const view = useRef<TimelineView | null>(null);
  return (
    <section data-testid="timeline" className="timeline" aria-label={m.timeline.label} data-not-run={trace && !ran ? 'true' : undefined}>
      <div className="tl-toolbar">
        <div className="tl-controls">
          <div className="tl-buttons" role="group" aria-label={m.timeline.zoom}>
            <button type="button" onClick={() => view.current?.zoomBy(1.6)} title={m.timeline.zoomInTitle} aria-label={m.timeline.zoomIn}>
              +
            </button>
            <button type="button" onClick={() => view.current?.zoomBy(1 / 1.6)} title={m.timeline.zoomOutTitle} aria-label={m.timeline.zoomOut}>
              −
            </button>
            <button type="button" onClick={() => view.current?.fit()} title={m.timeline.fitTitle}>
              {m.timeline.fit}
            </button>
          </div>
          <label>
            {m.timeline.lanesBy}{' '}
            <select value={sort} onChange={(e) => setSort(e.target.value as LaneSort)}>
              <option value="reuse">{m.timeline.sort.reuse}</option>
              <option value="first-use">{m.timeline.sort['first-use']}</option>
              <option value="address">{m.timeline.sort.address}</option>
            </select>
          </label>
          <label>
            <input type="checkbox" checked={showAllObjects} onChange={(e) => onShowAll(e.target.checked)} /> {m.timeline.allObjects}
          </label>
          <MarksExplained />
          <TimelineExport view={view} disabled={!layout} />
        </div>
        <Legend layout={layout} />
      </div>
      {trace ? null : <p className="tl-empty">{m.timeline.empty}</p>}
      {trace && !ran ? (
        <p className="tl-empty tl-not-run" data-testid="timeline-not-run" role="status">
          {m.error.notRun} {trace.meta.error ? <strong>{m.error.format(trace.meta.error)}</strong> : null}
        </p>
      ) : null}
      <TimelineCanvas
        layout={layout}
        cursor={cursor}
        selectedObject={selectedObject}
        onCursor={onCursor}
        onSelect={onSelect}
        onView={(v) => {
          view.current = v;
        }}
        scale={scale}
        textEquivalent={textEquivalent}
      />
    </section>
  );
}

/** The store's cursor as a feed: the timeline follows it by subscription, as the editor does. */
const storeCursor: CursorFeed = (listener) => {
  listener(useStore.getState().cursor);
  return useStore.subscribe((s, prev) => {
    if (s.cursor !== prev.cursor) listener(s.cursor);
  });
};

/** The timeline: one lane per address, one bar per object lifetime, following the store's cursor. */
export function TimelinePanel({ textEquivalent }: { textEquivalent?: string }) {
  const trace = useStore((s) => s.trace);
  const selectedObject = useStore((s) => s.selectedObject);
  const showAllObjects = useStore((s) => s.showAllObjects);
  const setCursor = useStore((s) => s.setCursor);
  const selectObject = useStore((s) => s.selectObject);
  const setShowAllObjects = useStore((s) => s.setShowAllObjects);
  // Larger in presentation mode, but not on a phone, where the screen is one panel tall.
  const narrow = useMediaQuery(NARROW);
  const scale = useStore((s) => (s.present && !narrow ? PRESENT_TIMELINE_SCALE : 1));
  return (
    <TimelinePanelView
      trace={trace}
      cursor={storeCursor}
      selectedObject={selectedObject}
      showAllObjects={showAllObjects}
      onCursor={setCursor}
      onSelect={selectObject}
      onShowAll={setShowAllObjects}
      scale={scale}
      textEquivalent={textEquivalent}
    />
  );
}
