import { useMemo } from 'react';
import { accountRefcount, type HeapBox, type HeapScene } from '../trace/heap';
import { tupleItems } from '../trace/preview';
import type { TraceData } from '../trace/types';
import { heapPlaces } from '../trace/heapPlace';
import { layoutHeap, METRICS, scaled, type HeapGeometry } from './heapLayout';
import { useT } from './useT';
import type { Messages } from '../i18n';

export interface HeapDiagramProps {
  trace: TraceData;
  scene: HeapScene;
  width: number;
  /** Presentation mode: larger marks. */
  present: boolean;
  selectedObject: number | null;
  onSelect: (obj: number | null) => void;
  onWhy: (obj: number) => void;
}

/** The marks' sizes on screen (and in the SVG export). */
export const heapMetrics = (present: boolean) => (present ? PRESENT_METRICS : METRICS);
const PRESENT_METRICS = scaled(METRICS, 1.3);

/** A box's value preview in the page's language (a tuple's "(2 items)"). */
export function previewLine(box: HeapBox, m: Messages['heap']): string | null {
  if (box.preview === null) return null;
  const items = tupleItems(box.preview);
  return items === null ? box.preview : m.tupleItems(items);
}

/** The one-line account of a box's refcount ("refcount 4 = a + b.nxt + …"). */
export function accountLine(trace: TraceData, box: HeapBox, step: number, scene: HeapScene, m: Messages['heap']): string {
  if (box.immortal) return m.immortal;
  const acc = accountRefcount(trace, box.obj, step, scene.frames);
  if (acc.refcount === null) return m.refcountIs('—');
  const parts = acc.referrers.map((r) => (r.kind === 'name' ? r.name : r.path));
  let rest = acc.rest;
  if (rest > 0 && acc.getrefcount) {
    parts.push('getrefcount');
    rest--;
  }
  if (rest > 0) parts.push(m.restShort(rest));
  return m.sum(acc.refcount, parts);
}

/** Frames, boxes and arrows of one heap scene: HTML boxes over an SVG of arrows. */
export function HeapDiagram({ trace, scene, width, present, selectedObject, onSelect, onWhy }: HeapDiagramProps) {
  const t = useT();
  const m = heapMetrics(present);
  const geo = useMemo(() => layoutHeap(scene, heapPlaces(trace), width, m), [trace, scene, width, m]);
  const address = (obj: number) => String(trace.objects.address[obj] ?? 0);
  const hot = (a: HeapGeometry['arrows'][number]) => selectedObject !== null && (a.to === selectedObject || a.from === address(selectedObject));
  const near = new Set<number>();
  if (selectedObject !== null) {
    for (const a of scene.arrows) {
      if (a.holder === selectedObject) near.add(a.target);
      if (a.target === selectedObject) near.add(a.holder);
    }
  }
  return (
    <div className="heap-canvas" style={{ width: geo.width, height: geo.height }}>
      <svg className="heap-arrows" width={geo.width} height={geo.height} aria-hidden="true">
        <defs>
          <marker id="heap-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
        </defs>
        {geo.arrows.map((a, i) => (
          <g
            key={i}
            data-testid="heap-ref"
            data-from={a.from}
            data-label={a.label}
            data-to={address(a.to)}
            data-frame={a.frame}
            className={hot(a) ? 'heap-ref heap-ref-hot' : 'heap-ref'}
          >
            <path d={a.d} markerEnd="url(#heap-head)" />
            {a.from.startsWith('name:') ? <circle cx={a.sx} cy={a.sy} r={3} /> : null}
          </g>
        ))}
      </svg>
      {geo.frames.map((f) => {
        const frame = scene.frames[f.index];
        if (!frame) return null;
        return (
          <div key={frame.frame} className="heap-frame" data-frame={frame.function} style={{ left: f.rect.x, top: f.rect.y, width: f.rect.w, height: f.rect.h }}>
            <h3 style={{ height: m.header }}>{frame.frame < 0 ? t.heap.globals : `${frame.function}()`}</h3>
            <ul>
              {frame.names.map((n) => (
                <li key={`${n.name}:${n.obj}`} style={{ height: m.row }} data-name={n.name} title={n.name}>
                  {n.name}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {scene.boxes.map((b) => {
        const r = geo.boxes.get(b.obj);
        if (!r) return null;
        const line = accountLine(trace, b, scene.step, scene, t.heap);
        const selected = selectedObject === b.obj;
        const cls = `heap-object${selected ? ' heap-selected' : ''}${near.has(b.obj) ? ' heap-near' : ''}`;
        return (
          <div
            key={b.obj}
            className={cls}
            data-testid="heap-object"
            data-address={b.address}
            data-refcount={b.immortal ? 'immortal' : (b.refcount ?? '')}
            data-type={b.type}
            style={{ left: r.x, top: r.y, width: r.w, height: r.h }}
            onClick={() => onSelect(selected ? null : b.obj)}
          >
            <button
              type="button"
              className="heap-object-main"
              aria-pressed={selected}
              title={`${b.type} ${b.hex}\n${line}\n${t.heap.select}`}
              onClick={(e) => {
                e.stopPropagation();
                onSelect(selected ? null : b.obj);
              }}
            >
              <span className="heap-head">
                <span className="heap-type">{b.type}</span> <code className="heap-addr">{b.hex}</code>
              </span>
              {b.preview !== null ? <span className="heap-preview">{previewLine(b, t.heap)}</span> : null}
              <span className="heap-account">{line}</span>
            </button>
            <button
              type="button"
              className="heap-why"
              data-testid="heap-why"
              onClick={(e) => {
                e.stopPropagation();
                onWhy(b.obj);
              }}
            >
              {t.heap.whyAlive}
            </button>
          </div>
        );
      })}
      {/* Labels above the boxes, each on a halo, so that no box or arrowhead hides one. */}
      <svg className="heap-labels" width={geo.width} height={geo.height} aria-hidden="true">
        {geo.arrows.map((a, i) =>
          a.label ? (
            <g key={i} className={hot(a) ? 'heap-label heap-ref-hot' : 'heap-label'}>
              <rect x={a.anchor === 'start' ? a.lx - 2 : a.lx - a.lw + 2} y={a.ly - m.charWidth * 1.55} width={a.lw} height={m.charWidth * 2} rx={2} />
              <text x={a.lx} y={a.ly} textAnchor={a.anchor}>
                {a.label}
              </text>
            </g>
          ) : null,
        )}
      </svg>
    </div>
  );
}
