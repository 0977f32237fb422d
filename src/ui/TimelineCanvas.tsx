import { useEffect, useRef, useState } from 'react';
import type { TimelineLayout } from '../timeline/layout';
import { AXIS_HEIGHT, OVERVIEW_HEIGHT, TimelineView } from '../timeline/view';
import { GUTTER_WIDTH, type Hit } from '../timeline/viewport';
import { TimelineTooltip } from './TimelineTooltip';
import { useT } from '../i18n/useT';

export interface TimelineCanvasProps {
  layout: TimelineLayout | null;
  cursor: number;
  selectedObject: number | null;
  onCursor: (step: number) => void;
  onSelect: (obj: number | null) => void;
  /** Receives the view once mounted (zoom buttons live outside). */
  onView?: (view: TimelineView | null) => void;
  /** CSS pixels per drawing unit: above 1 draws rows, bars and labels larger (presentation mode). */
  scale?: number;
}

/**
 * Mounts one `TimelineView` on its canvases and forwards props to it. React renders this
 * when the layout, cursor or selection change, never per zoom frame or pointer move (the
 * tooltip re-renders only when the thing under the pointer changes).
 */
export function TimelineCanvas({ layout, cursor, selectedObject, onCursor, onSelect, onView, scale = 1 }: TimelineCanvasProps) {
  const m = useT();
  const plotRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const gutterRef = useRef<HTMLCanvasElement>(null);
  const axisRef = useRef<SVGSVGElement>(null);
  const overviewRef = useRef<HTMLCanvasElement>(null);
  const windowRef = useRef<HTMLDivElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<TimelineView | null>(null);
  const callbacks = useRef({ onCursor, onSelect });
  const [hover, setHover] = useState<Hit | null>(null);
  const hoverKey = useRef('');

  useEffect(() => {
    callbacks.current = { onCursor, onSelect };
  }, [onCursor, onSelect]);

  useEffect(() => {
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
          }
        },
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

  useEffect(() => {
    viewRef.current?.setScale(scale);
  }, [scale]);

  useEffect(() => {
    viewRef.current?.setLabels({ run: m.timeline.groups.run, preexisting: m.timeline.groups.preexisting, output: m.timeline.groups.output });
  }, [m]);

  useEffect(() => {
    viewRef.current?.setLayout(layout);
  }, [layout]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.setCursor(cursor);
    view.reveal(cursor);
  }, [cursor, layout]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view || !layout) return;
    view.setSelected(selectedObject);
    if (selectedObject === null) return;
    const lane = layout.objLane[selectedObject] ?? -1;
    if (lane < 0) return;
    view.revealRow(layout.laneRow[lane] ?? 0);
    view.revealSpan(layout.objStart[selectedObject] ?? 0, layout.objEnd[selectedObject] ?? 0);
  }, [selectedObject, layout]);

  const summary = layout ? m.timeline.summary(layout.shown.length, layout.laneCount, layout.steps, layout.reuseCount) : m.timeline.noTrace;

  return (
    <div className="tl-grid" style={{ gridTemplateColumns: `${GUTTER_WIDTH * scale}px 1fr`, gridTemplateRows: `${AXIS_HEIGHT * scale}px 1fr ${OVERVIEW_HEIGHT * scale}px` }}>
      <div className="tl-corner">{m.timeline.corner}</div>
      <svg ref={axisRef} className="tl-axis" role="presentation" aria-label={m.timeline.axis} />
      <div className="tl-gutter-box">
        <canvas ref={gutterRef} className="tl-gutter" aria-hidden="true" />
      </div>
      <div
        ref={plotRef}
        className="tl-plot"
        tabIndex={0}
        role="group"
        aria-roledescription="timeline"
        aria-label={m.timeline.plot(summary)}
        data-lanes={layout?.laneCount ?? 0}
        data-lifetimes={layout?.shown.length ?? 0}
      >
        <canvas ref={canvasRef} className="tl-canvas" aria-hidden="true" />
        <div ref={tipRef} className="tl-tip" role="tooltip" hidden={!hover || !layout}>
          {hover && layout ? <TimelineTooltip layout={layout} hit={hover} cursor={cursor} /> : null}
        </div>
      </div>
      <div className="tl-corner tl-corner-bottom">{m.timeline.overview}</div>
      <div className="tl-overview">
        <canvas ref={overviewRef} aria-hidden="true" />
        <div ref={windowRef} className="tl-overview-window" />
      </div>
    </div>
  );
}
