import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { LaneGroup, TimelineLayout } from '../timeline/layout';
import { paletteFor } from '../timeline/palette';
import { AXIS_HEIGHT, OVERVIEW_HEIGHT, TimelineView } from '../timeline/view';
import { COMPACT_GUTTER_WIDTH, COMPACT_TIMELINE_BELOW, GUTTER_WIDTH, type Hit } from '../timeline/viewport';
import { hexAddress } from '../trace/query';
import { BlockHistory } from './BlockHistory';
import { lifetimeSentence, TimelineTooltip } from './TimelineTooltip';
import { useStore } from '../store';
import { DARK_SCHEME, useMediaQuery, usePageTheme } from './useMediaQuery';
import { useT } from './useT';

/**
 * A cursor the timeline follows outside React: calls `listener` with the current step at
 * once and on every change, and returns how to stop. (The store's cursor moves at up to
 * 60 Hz while playing; the canvas redraws without a React render.)
 */
export type CursorFeed = (listener: (step: number) => void) => () => void;

/** The lane groups as named in `data-groups` (for tests and tools reading the page). */
const GROUP_NAMES: Record<LaneGroup, string> = { 0: 'run', 1: 'preexisting', 2: 'immortal' };

export interface TimelineCanvasProps {
  layout: TimelineLayout | null;
  /** The step to mark: a fixed one, or a feed to follow. */
  cursor: number | CursorFeed;
  selectedObject: number | null;
  onCursor: (step: number) => void;
  onSelect: (obj: number | null) => void;
  /** Receives the view once mounted (zoom buttons live outside). */
  onView?: (view: TimelineView | null) => void;
  /** CSS pixels per drawing unit: above 1 draws rows, bars and labels larger (presentation mode). */
  scale?: number;
  /** Id of the element that gives the timeline as text (the objects table), linked from the plot. */
  textEquivalent?: string;
}

/** Focus the selected row of the text twin (else its first row) rather than jumping the page to it. */
function toTextEquivalent(e: MouseEvent, id: string): void {
  const box = document.getElementById(id);
  const row = box?.querySelector<HTMLElement>('tr[aria-selected="true"]') ?? box?.querySelector<HTMLElement>('tbody tr');
  if (!row) return;
  e.preventDefault();
  row.focus();
}

/**
 * Mounts one `TimelineView` on its canvases and forwards props to it. React renders this
 * when the layout or selection change, never per zoom frame, pointer move or step of a
 * followed cursor (the tooltip re-renders when the thing under the pointer changes, and
 * with the cursor only while it is shown).
 */
export function TimelineCanvas({ layout, cursor, selectedObject, onCursor, onSelect, onView, scale = 1, textEquivalent }: TimelineCanvasProps) {
  const m = useT();
  const gridRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const gutterRef = useRef<HTMLCanvasElement>(null);
  const axisRef = useRef<SVGSVGElement>(null);
  const overviewRef = useRef<HTMLCanvasElement>(null);
  const windowRef = useRef<HTMLDivElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<TimelineView | null>(null);
  const callbacks = useRef({ onCursor, onSelect });
  const openLane = useRef<(lane: number) => void>(() => undefined);
  const [hover, setHover] = useState<Hit | null>(null);
  const hoverKey = useRef('');
  // A narrow timeline (a phone) gets short lane labels, so the plot keeps most of the width.
  // Known from the first render when the whole window is that narrow: a trace present at
  // mount (the first view's recording) then opens on a window of steps fitted to the plot's
  // real width, not to what the wide labels would leave of it.
  const [compact, setCompact] = useState(() => typeof window !== 'undefined' && window.innerWidth < COMPACT_TIMELINE_BELOW);
  const gutterWidth = compact ? COMPACT_GUTTER_WIDTH : GUTTER_WIDTH;

  useEffect(() => {
    const grid = gridRef.current;
    if (!grid || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (grid.clientWidth > 0) setCompact(grid.clientWidth < COMPACT_TIMELINE_BELOW);
    });
    observer.observe(grid);
    return () => observer.disconnect();
  }, []);
  const cursorNow = useRef(typeof cursor === 'number' ? cursor : 0);
  const [tipCursor, setTipCursor] = useState(typeof cursor === 'number' ? cursor : 0);
  const [active, setActive] = useState<number | null>(null);
  const keysId = useId();
  const lanesKeysId = useId();
  const gutterBoxRef = useRef<HTMLDivElement>(null);
  // The block history shown (by address: it outlives a change of layout), and the lane label
  // the keyboard is on in the gutter (-1 none; the last one is where ↑/↓ start again).
  // Both are kept with what they belong to (addresses to a run, lane numbers to a layout) and
  // read as none once that changes.
  const [historyAt, setHistoryAt] = useState<{ trace: TimelineLayout['trace']; address: number } | null>(null);
  const history = historyAt && layout && historyAt.trace === layout.trace ? historyAt.address : null;
  const [pickedAt, setPickedAt] = useState<{ layout: TimelineLayout; lane: number } | null>(null);
  const pickedLane = pickedAt && pickedAt.layout === layout ? pickedAt.lane : -1;
  const setPickedLane = (lane: number) => setPickedAt(layout && lane >= 0 ? { layout, lane } : null);
  const lastPicked = useRef<{ layout: TimelineLayout; lane: number } | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const openHistory = (lane: number) => {
    const address = layout?.laneAddress[lane];
    if (address === undefined) return;
    opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : gutterBoxRef.current;
    if (layout) setHistoryAt({ trace: layout.trace, address });
  };
  const closeHistory = () => {
    setHistoryAt(null);
    opener.current?.focus();
  };

  useLayoutEffect(() => {
    callbacks.current = { onCursor, onSelect };
  }, [onCursor, onSelect]);

  useLayoutEffect(() => {
    const plot = plotRef.current;
    const canvas = canvasRef.current;
    const gutter = gutterRef.current;
    const axis = axisRef.current;
    const overview = overviewRef.current;
    const overviewWindow = windowRef.current;
    if (!plot || !canvas || !gutter || !axis || !overview || !overviewWindow) return;
    const view = new TimelineView(
      { plot, canvas, gutter, axis, overview, overviewWindow },
      {
        onCursor: (s) => callbacks.current.onCursor(s),
        onSelect: (o) => callbacks.current.onSelect(o),
        onHover: (hit, x, y) => {
          const tip = tipRef.current;
          if (tip) {
            // Fixed to the window, so that a tall tooltip is not cut off by the plot's edges;
            // it opens away from the nearer window edges.
            const r = plot.getBoundingClientRect();
            const cx = r.left + x;
            const cy = r.top + y;
            const flipX = cx > window.innerWidth - 320;
            const flipY = cy > window.innerHeight / 2;
            tip.style.left = `${flipX ? cx - 12 : cx + 14}px`;
            tip.style.top = `${flipY ? cy - 12 : cy + 14}px`;
            tip.style.transform = `${flipX ? 'translateX(-100%)' : ''} ${flipY ? 'translateY(-100%)' : ''}`.trim();
          }
          const key = hit ? `${hit.kind}:${hit.kind === 'object' ? hit.obj : hit.kind === 'output' ? hit.chunk : ''}` : '';
          if (key !== hoverKey.current) {
            hoverKey.current = key;
            setHover(hit);
            setTipCursor(cursorNow.current);
          }
        },
        onActive: setActive,
        onLane: (lane) => openLane.current(lane),
      },
    );
    viewRef.current = view;
    onView?.(view);
    return () => {
      onView?.(null);
      view.destroy();
      viewRef.current = null;
    };
    // The view lives as long as the component; props reach it through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useLayoutEffect(() => {
    openLane.current = openHistory;
  });

  useLayoutEffect(() => {
    viewRef.current?.setPickedLane(pickedLane);
  }, [pickedLane]);

  useLayoutEffect(() => {
    viewRef.current?.setScale(scale);
  }, [scale]);

  useLayoutEffect(() => {
    viewRef.current?.setGutterWidth(gutterWidth);
  }, [gutterWidth]);

  useLayoutEffect(() => {
    viewRef.current?.setLabels(m.timeline.groups);
  }, [m]);

  // The canvases draw in the page's colour scheme, as app.css resolves it here (dark when the
  // system or the link's theme= asks for it, light in presentation mode whatever they ask),
  // read back from the text colour. Read again when the system's scheme, the link's or the
  // mode changes.
  const systemDark = useMediaQuery(DARK_SCHEME);
  const pageTheme = usePageTheme();
  const present = useStore((s) => s.present);
  useLayoutEffect(() => {
    const grid = gridRef.current;
    if (grid) viewRef.current?.setPalette(paletteFor(getComputedStyle(grid).color));
  }, [systemDark, pageTheme, present]);

  useLayoutEffect(() => {
    viewRef.current?.setLayout(layout);
  }, [layout]);

  useLayoutEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const follow = (step: number) => {
      cursorNow.current = step;
      view.setCursor(step);
      view.reveal(step);
      if (hoverKey.current !== '') setTipCursor(step);
    };
    if (typeof cursor === 'number') follow(cursor);
    else return cursor(follow);
  }, [cursor, layout]);

  useLayoutEffect(() => {
    const view = viewRef.current;
    if (!view || !layout) return;
    view.setSelected(selectedObject);
    if (selectedObject === null) return;
    const lane = layout.objLane[selectedObject] ?? -1;
    if (lane < 0) return;
    view.revealRow(layout.laneRow[lane] ?? 0);
    view.revealSpan(layout.objStart[selectedObject] ?? 0, layout.objEnd[selectedObject] ?? 0);
  }, [selectedObject, layout]);

  // The view is created and fed in layout effects, and its first drawing with a trace is
  // made here, after them, before the browser paints: the frame that shows the timeline
  // (the app replacing the page's first view, whose recorded run it draws) never shows it
  // empty. Later changes redraw on the next animation frame (./timeline/view).
  useLayoutEffect(() => {
    viewRef.current?.drawFirstNow();
  }, [layout]);

  /** The lane labels' keys: ↑/↓/Home/End pick an address, Enter or Space opens its history. */
  const onGutterKey = (e: KeyboardEvent): void => {
    if (!layout || layout.laneCount === 0 || e.ctrlKey || e.metaKey || e.altKey) return;
    const last0 = lastPicked.current?.layout === layout ? lastPicked.current.lane : -1;
    const from = pickedLane >= 0 ? pickedLane : last0;
    const start = from >= 0 ? from : selectedObject !== null ? Math.max(0, layout.objLane[selectedObject] ?? 0) : 0;
    const last = layout.laneCount - 1;
    let lane: number;
    if (e.key === 'ArrowUp') lane = from < 0 ? start : Math.max(0, from - 1);
    else if (e.key === 'ArrowDown') lane = from < 0 ? start : Math.min(last, from + 1);
    else if (e.key === 'Home') lane = 0;
    else if (e.key === 'End') lane = last;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      lastPicked.current = { layout, lane: start };
      setPickedLane(start);
      openHistory(start);
      return;
    } else if (e.key === 'Escape' && pickedLane >= 0) {
      e.preventDefault();
      setPickedLane(-1);
      return;
    } else return;
    e.preventDefault();
    lastPicked.current = { layout, lane };
    setPickedLane(lane);
  };

  const summary = layout ? m.timeline.summary(layout.shown.length, layout.laneCount, layout.steps, layout.reuseCount) : m.timeline.noTrace;

  return (
    <div
      ref={gridRef}
      className="tl-grid"
      data-gutter={gutterWidth}
      style={{ ['--tl-gutter' as string]: `${gutterWidth * scale}px`, gridTemplateColumns: `${gutterWidth * scale}px minmax(0, 1fr)`, gridTemplateRows: `${AXIS_HEIGHT * scale}px 1fr ${OVERVIEW_HEIGHT * scale}px` }}>
      <div className="tl-corner">{m.timeline.corner}</div>
      {/* The axis repeats the step numbers the slider and the objects table give in text. */}
      <svg ref={axisRef} className="tl-axis" aria-hidden="true" />
      <div
        ref={gutterBoxRef}
        className="tl-gutter-box"
        tabIndex={layout && layout.laneCount > 0 ? 0 : undefined}
        role="group"
        aria-label={m.blockHistory.lanes}
        aria-describedby={lanesKeysId}
        onKeyDown={onGutterKey}
        onBlur={() => setPickedLane(-1)}>
        <canvas ref={gutterRef} className="tl-gutter" aria-hidden="true" />
        <span id={lanesKeysId} className="visually-hidden">
          {m.blockHistory.lanesKeys}
        </span>
        <span className="visually-hidden" aria-live="polite" data-testid="lane-picked">
          {pickedLane >= 0 && layout
            ? m.blockHistory.picked(hexAddress(layout.laneAddress[pickedLane] ?? 0), (layout.laneStart[pickedLane + 1] ?? 0) - (layout.laneStart[pickedLane] ?? 0))
            : ''}
        </span>
      </div>
      <div
        ref={plotRef}
        className="tl-plot"
        tabIndex={0}
        role="group"
        aria-roledescription="timeline"
        aria-label={m.timeline.plot(summary)}
        aria-describedby={keysId}
        data-lanes={layout?.laneCount ?? 0}
        data-lifetimes={layout?.shown.length ?? 0}
        data-groups={layout?.headers.map((h) => `${GROUP_NAMES[h.group]}:${h.lanes}`).join(' ')}
        // The selected lifetime's address (decimal id()), for tests and tools: the canvas shows it, the DOM cannot.
        data-selected={selectedObject !== null && layout ? layout.trace.objects.address[selectedObject] : undefined}
      >
        <canvas ref={canvasRef} className="tl-canvas" aria-hidden="true" />
        <span id={keysId} className="visually-hidden">
          {m.timeline.keys}
        </span>
        {/* The lifetime picked with the arrow keys, read out as the keyboard moves. */}
        <span className="visually-hidden" aria-live="polite" data-testid="timeline-active">
          {active !== null && layout && (layout.objLane[active] ?? -1) >= 0 ? lifetimeSentence(m, layout, active) : ''}
        </span>
        <div ref={tipRef} className="tl-tip" role="tooltip" hidden={!hover || !layout}>
          {hover && layout ? <TimelineTooltip layout={layout} hit={hover} cursor={tipCursor} /> : null}
        </div>
      </div>
      <div className="tl-corner tl-corner-bottom">
        {m.timeline.overview}
        {textEquivalent ? (
          // Shown when focused: the way from the picture to its text twin, and to the picked row.
          <a className="visually-hidden tl-to-table" href={`#${textEquivalent}`} onClick={(e) => toTextEquivalent(e, textEquivalent)}>
            {m.timeline.toTable}
          </a>
        ) : null}
      </div>
      <div className="tl-overview">
        <canvas ref={overviewRef} aria-hidden="true" />
        <div ref={windowRef} className="tl-overview-window" />
      </div>
      {history !== null && layout ? (
        <BlockHistory key={history} layout={layout} address={history} selectedObject={selectedObject} onSelect={onSelect} onCursor={onCursor} onClose={closeHistory} />
      ) : null}
    </div>
  );
}
