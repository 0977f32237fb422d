import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useStore } from '../store';
import { accountRefcount, freedBy, HEAP_PAGE, heapScene, type HeapScene, type Referrer } from '../trace/heap';
import { lifetimeLabel } from '../trace/lifetimes';
import type { TraceData } from '../trace/types';
import { heapPlaces } from '../trace/heapPlace';
import { saveFile } from './saveFile';
import { accountLine, HeapDiagram, heapMetrics, previewLine } from './HeapDiagram';
import { layoutHeap } from './heapLayout';
import { heapSVG } from './heapSvg';
import { svgToPNG } from '../share/rasterize';
import { pngPixelRatio } from '../timeline/snapshot';
import { useT } from './useT';
import './heap.css';

export interface HeapPanelViewProps {
  trace: TraceData | null;
  /** The cursor as a feed: called with a listener, which it calls now and on every change; returns an unsubscribe. */
  subscribeCursor: (listener: (step: number) => void) => () => void;
  selectedObject: number | null;
  onSelect: (obj: number | null) => void;
  present: boolean;
  /** The Variables / Heap switch, shown in the title row. */
  switcher?: ReactNode;
}

/** What changes the picture: a step whose scene draws the same thing re-renders nothing. */
function sceneKey(s: HeapScene): string {
  const names = s.frames.map((f) => `${f.frame}:${f.names.map((n) => `${n.name}=${n.obj}`).join(',')}`).join('|');
  const boxes = s.boxes.map((b) => `${b.obj}:${b.refcount}`).join(',');
  return `${names}#${boxes}#${s.arrows.map((a) => a.ref).join(',')}#${s.hidden}`;
}

function referrerText(r: Referrer, t: ReturnType<typeof useT>): string {
  if (r.kind === 'ref') return r.path;
  return r.frame < 0 ? t.heap.name(r.name) : t.heap.localName(r.name, r.function);
}

/**
 * The heap once the cursor's line has run. The cursor arrives by subscription (as in the
 * timeline and the objects table): stepping re-renders only when the picture changes.
 */
export function HeapPanelView({ trace, subscribeCursor, selectedObject, onSelect, present, switcher }: HeapPanelViewProps) {
  const t = useT();
  const [limit, setLimit] = useState(HEAP_PAGE);
  const [why, setWhy] = useState<number | null>(null);
  const [scene, setScene] = useState<HeapScene | null>(null);
  const [width, setWidth] = useState(600);
  const box = useRef<HTMLDivElement>(null);
  const inputs = useRef({ trace, limit, selectedObject, step: 0, key: '' });

  const refresh = useRef((step: number, force: boolean) => {
    const i = inputs.current;
    i.step = step;
    if (!i.trace) {
      setScene(null);
      return;
    }
    const s = heapScene(i.trace, step, i.limit, i.selectedObject);
    const key = `${sceneKey(s)}@${i.selectedObject}`;
    if (!force && key === i.key) return;
    i.key = key;
    setScene(s);
  });
  useLayoutEffect(() => {
    inputs.current = { ...inputs.current, trace, limit, selectedObject };
    refresh.current(inputs.current.step, true);
  }, [trace, limit, selectedObject]);
  useEffect(() => subscribeCursor((step) => refresh.current(step, false)), [subscribeCursor]);
  const [prevTrace, setPrevTrace] = useState(trace);
  if (prevTrace !== trace) {
    setPrevTrace(trace);
    setLimit(HEAP_PAGE);
    setWhy(null);
  }

  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  // The picture on screen, as a file: the same layout at the same width, drawn as SVG (and,
  // for slides, that SVG drawn by the browser into a PNG).
  const pictureSVG = (): string | null => {
    if (!trace || !scene) return null;
    const m = heapMetrics(present);
    const geo = layoutHeap(scene, heapPlaces(trace), width, m);
    return heapSVG(
      scene,
      geo,
      {
        globals: t.heap.globals,
        caption: `Refscope · ${t.share.exportCaption(scene.step, trace.steps.line.length)}`,
        account: (b) => accountLine(trace, b, scene.step, scene, t.heap),
        preview: (b) => previewLine(b, t.heap),
      },
      m,
    );
  };
  // Drawn inside saveFile, so that a picture that cannot be made says so in the notice.
  const exportPicture = async (format: 'svg' | 'png'): Promise<void> => {
    if (!scene) return;
    await saveFile(`refscope-heap-step${scene.step}.${format}`, async () => {
      const svg = pictureSVG();
      if (svg === null) throw new Error(t.heap.empty);
      return format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : svgToPNG(svg, pngPixelRatio(window.devicePixelRatio || 1));
    });
  };
  const drawn = !!scene && (scene.boxes.length > 0 || scene.frames.some((f) => f.names.length > 0));

  const whyBox = scene && why !== null ? scene.boxes.find((b) => b.obj === why) : undefined;
  return (
    <section data-testid="heap" className="inspect-panel heap-panel" aria-label={t.heap.label}>
      <div className="inspect-head">
        <h2 className="panel-title">{t.heap.title}</h2>
        {switcher}
        <div className="heap-exports" role="group" aria-label={t.share.download}>
          <span className="tl-export-label">{t.share.download}</span>
          <button type="button" className="heap-export" data-testid="heap-export-svg" disabled={!drawn} title={t.heap.svgTitle} onClick={() => void exportPicture('svg')}>
            {t.heap.svg}
          </button>
          <button type="button" className="heap-export" data-testid="heap-export-png" disabled={!drawn} title={t.heap.pngTitle} onClick={() => void exportPicture('png')}>
            {t.heap.png}
          </button>
        </div>
      </div>
      {!trace ? <p className="tl-muted">{t.heap.noTrace}</p> : null}
      {trace && scene && !scene.hasReferences ? <p className="tl-note">{t.heap.noReferences}</p> : null}
      <div className="heap-body">
      {trace && scene && whyBox ? (
        <div className="heap-whybox" role="region" aria-label={t.heap.whyTitle(lifetimeLabel(trace, whyBox.obj))} data-testid="heap-why-list">
          <h3>{t.heap.whyTitle(`${lifetimeLabel(trace, whyBox.obj)} ${whyBox.hex}`)}</h3>
          <WhyAlive trace={trace} obj={whyBox.obj} scene={scene} />
          <button type="button" onClick={() => setWhy(null)}>
            {t.heap.close}
          </button>
        </div>
      ) : null}
      <div className="heap-scroll" ref={box}>
        {trace && scene ? (
          scene.boxes.length === 0 && scene.frames.every((f) => f.names.length === 0) ? (
            <p className="tl-muted">{t.heap.empty}</p>
          ) : (
            <HeapDiagram
              trace={trace}
              scene={scene}
              width={width}
              present={present}
              selectedObject={selectedObject}
              onSelect={onSelect}
              onWhy={(obj) => {
                onSelect(obj);
                setWhy(obj);
              }}
            />
          )
        ) : null}
      </div>
      </div>
      {scene && scene.hidden > 0 ? (
        <p className="heap-more">
          {t.heap.hidden(scene.hidden)}{' '}
          <button type="button" data-testid="heap-more" onClick={() => setLimit((l) => l + HEAP_PAGE)}>
            {t.heap.more(Math.min(HEAP_PAGE, scene.hidden))}
          </button>
        </p>
      ) : null}
    </section>
  );
}

/** What refers to an object at the scene's step, its refcount account, and what frees it next. */
function WhyAlive({ trace, obj, scene }: { trace: TraceData; obj: number; scene: HeapScene }) {
  const t = useT();
  const acc = accountRefcount(trace, obj, scene.step, scene.frames);
  const freed = freedBy(trace, obj, scene.step);
  const box = scene.boxes.find((b) => b.obj === obj);
  let rest = acc.rest;
  const notes: string[] = [];
  if (rest > 0 && acc.getrefcount) {
    notes.push(t.heap.getrefcount);
    rest--;
  }
  if (rest > 0) notes.push(t.heap.rest(rest));
  if (rest < 0) notes.push(t.heap.lagging(-rest));
  return (
    <>
      <p className="heap-account-full">{box ? accountLine(trace, box, scene.step, scene, t.heap) : null}</p>
      {acc.referrers.length === 0 ? (
        <p>{t.heap.nothing}</p>
      ) : (
        <>
          <p>{t.heap.referrers}</p>
          <ul>
            {acc.referrers.map((r, i) => (
              <li key={i}>
                <code>{referrerText(r, t)}</code>
              </li>
            ))}
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
      {freed ? (
        <>
          <p>{t.heap.freed}</p>
          <ul data-testid="heap-freed-by">
            {freed.map((f, i) => (
              <li key={i}>
                <code>{referrerText(f.referrer, t)}</code> — {t.heap.causes[f.cause]}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The store's cursor, now and on every change, outside React's render path. */
function subscribeStoreCursor(listener: (step: number) => void): () => void {
  listener(useStore.getState().cursor);
  return useStore.subscribe((s, prev) => {
    if (s.cursor !== prev.cursor || s.trace !== prev.trace) listener(s.cursor);
  });
}

/** The heap view bound to the store. */
export function HeapPanel({ switcher }: { switcher?: ReactNode }) {
  const trace = useStore((s) => s.trace);
  const selectedObject = useStore((s) => s.selectedObject);
  const selectObject = useStore((s) => s.selectObject);
  const present = useStore((s) => s.present);
  return (
    <HeapPanelView
      trace={trace}
      subscribeCursor={subscribeStoreCursor}
      selectedObject={selectedObject}
      onSelect={selectObject}
      present={present}
      switcher={switcher}
    />
  );
}
