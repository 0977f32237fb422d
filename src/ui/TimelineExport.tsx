import { useState, type RefObject } from 'react';
import { saveFile } from './saveFile';
import { useT } from './useT';
import { pngPixelRatio, snapshotPNG, snapshotSVG } from '../timeline/snapshot';
import { snapshotLegend } from './snapshotLegend';
import type { TimelineView } from '../timeline/view';

/** SVG and PNG downloads of the timeline as on screen (visible steps and lanes, axis, legend). */
export function TimelineExport({ view, disabled }: { view: RefObject<TimelineView | null>; disabled: boolean }) {
  const m = useT();
  const [busy, setBusy] = useState(false);

  const save = async (format: 'svg' | 'png'): Promise<void> => {
    const snap = view.current?.snapshot();
    if (!snap) return;
    const legend = snapshotLegend(m, snap.cursor, snap.layout.trace.steps.line.length);
    const name = `refscope-timeline-step${snap.cursor}.${format}`;
    if (format === 'svg') {
      await saveFile(name, () => new Blob([snapshotSVG(snap, legend)], { type: 'image/svg+xml' }));
      return;
    }
    setBusy(true);
    try {
      await saveFile(name, () => snapshotPNG(snap, legend, pngPixelRatio(window.devicePixelRatio || 1)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tl-export" role="group" aria-label={m.share.download}>
      <span className="tl-export-label">{m.share.download}</span>
      <button type="button" data-testid="export-svg" disabled={disabled} title={m.share.svgTitle} onClick={() => void save('svg')}>
        {m.share.svg}
      </button>
      <button type="button" data-testid="export-png" disabled={disabled || busy} title={m.share.pngTitle} onClick={() => void save('png')}>
        {m.share.png}
      </button>
    </div>
  );
}
