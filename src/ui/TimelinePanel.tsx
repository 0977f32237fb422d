import { useMemo, useRef, useState } from 'react';
import { useStore } from '../store';
import { layoutTimeline, type LaneSort, type TimelineLayout } from '../timeline/layout';
import { typeColor } from '../timeline/palette';
import type { TimelineView } from '../timeline/view';
import type { TraceData } from '../trace/types';
import { TimelineCanvas } from './TimelineCanvas';
import './timeline.css';

export interface TimelinePanelViewProps {
  trace: TraceData | null;
  cursor: number;
  selectedObject: number | null;
  showAllObjects: boolean;
  onCursor: (step: number) => void;
  onSelect: (obj: number | null) => void;
  onShowAll: (show: boolean) => void;
}

/** A tiny step line, as drawn inside the bars. */
function RefcountGlyph() {
  return (
    <svg width="16" height="10" viewBox="0 0 16 10" aria-hidden="true" style={{ marginLeft: 6, marginRight: 2 }}>
      <path d="M0 8 H5 V3 H10 V6 H16" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

function Legend({ layout }: { layout: TimelineLayout }) {
  const types = [...layout.typeColors.entries()];
  return (
    <ul className="tl-legend" aria-label="Legend">
      {types.slice(0, 12).map(([type, color]) => (
        <li key={type}>
          <span className="tl-swatch" style={{ background: typeColor(color) }} aria-hidden="true" />
          {layout.trace.strings[type] ?? '?'}
        </li>
      ))}
      {types.length > 12 ? <li>+{types.length - 12} types</li> : null}
      <li className="tl-legend-mark">
        <span aria-hidden="true">▏</span>created <span aria-hidden="true">▌</span>destroyed <span aria-hidden="true" className="tl-fin">◆</span>__del__{' '}
        <span aria-hidden="true">⌒</span>address reused <RefcountGlyph />refcount
      </li>
    </ul>
  );
}

/** The timeline panel for explicit props (tests, embeds); `TimelinePanel` connects it to the store. */
export function TimelinePanelView({ trace, cursor, selectedObject, showAllObjects, onCursor, onSelect, onShowAll }: TimelinePanelViewProps) {
  const [sort, setSort] = useState<LaneSort>('reuse');
  const layout = useMemo(() => (trace ? layoutTimeline(trace, { sort, showAll: showAllObjects }) : null), [trace, sort, showAllObjects]);
  const view = useRef<TimelineView | null>(null);
  return (
    <section data-testid="timeline" className="timeline" aria-label="Timeline">
      <div className="tl-toolbar">
        <div className="tl-buttons" role="group" aria-label="Zoom">
          <button type="button" onClick={() => view.current?.zoomBy(1.6)} title="Zoom in (+)" aria-label="Zoom in">
            +
          </button>
          <button type="button" onClick={() => view.current?.zoomBy(1 / 1.6)} title="Zoom out (−)" aria-label="Zoom out">
            −
          </button>
          <button type="button" onClick={() => view.current?.fit()} title="Fit the whole run (0)">
            Fit
          </button>
        </div>
        <label>
          Lanes by{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as LaneSort)}>
            <option value="reuse">most reused</option>
            <option value="first-use">first use</option>
            <option value="address">address</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={showAllObjects} onChange={(e) => onShowAll(e.target.checked)} /> all objects
        </label>
        {layout ? <Legend layout={layout} /> : null}
      </div>
      {trace ? null : <p className="tl-empty">Run a program to see its objects live and die.</p>}
      <TimelineCanvas
        layout={layout}
        cursor={cursor}
        selectedObject={selectedObject}
        onCursor={onCursor}
        onSelect={onSelect}
        onView={(v) => {
          view.current = v;
        }}
      />
    </section>
  );
}

/** The timeline: one lane per address, one bar per object lifetime, following the store's cursor. */
export function TimelinePanel() {
  const trace = useStore((s) => s.trace);
  const cursor = useStore((s) => s.cursor);
  const selectedObject = useStore((s) => s.selectedObject);
  const showAllObjects = useStore((s) => s.showAllObjects);
  const setCursor = useStore((s) => s.setCursor);
  const selectObject = useStore((s) => s.selectObject);
  const setShowAllObjects = useStore((s) => s.setShowAllObjects);
  return (
    <TimelinePanelView
      trace={trace}
      cursor={cursor}
      selectedObject={selectedObject}
      showAllObjects={showAllObjects}
      onCursor={setCursor}
      onSelect={selectObject}
      onShowAll={setShowAllObjects}
    />
  );
}
