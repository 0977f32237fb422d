import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from '../store';
import { useT } from './useT';

/** The panels a narrow screen shows one at a time (layout.css hides the others). */
export const PANELS = ['code', 'timeline', 'variables', 'objects', 'output'] as const;
export type Panel = (typeof PANELS)[number];

/**
 * The panel shown on a narrow screen. It opens on the code until there is a trace, and a
 * run started from the code switches to the timeline, where its result appears; after
 * that the reader's choice stays. Wide screens show every panel and ignore it.
 */
export function usePanel(): [Panel, (panel: Panel) => void] {
  const hasTrace = useStore((s) => s.trace !== null);
  const runId = useStore((s) => s.runId);
  const [panel, setPanel] = useState<Panel>(() => (hasTrace ? 'timeline' : 'code'));
  const lastRun = useRef(runId);
  useEffect(() => {
    if (runId === lastRun.current) return;
    lastRun.current = runId;
    setPanel((p) => (p === 'code' ? 'timeline' : p));
  }, [runId]);
  // A trace that arrives without a run (a shared replay, an opened file) is worth a look too.
  const hadTrace = useRef(hasTrace);
  useEffect(() => {
    if (hasTrace && !hadTrace.current) setPanel((p) => (p === 'code' ? 'timeline' : p));
    hadTrace.current = hasTrace;
  }, [hasTrace]);
  return [panel, setPanel];
}

/**
 * Tabs for the panels on a narrow screen (hidden on wide ones, where every panel shows).
 * Arrow keys move between tabs, as in the WAI-ARIA tabs pattern.
 */
export function PanelTabs({ panel, onPanel }: { panel: Panel; onPanel: (panel: Panel) => void }) {
  const t = useT();
  const hasError = useStore((s) => s.error !== null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const i = PANELS.indexOf(panel);
    const next = event.key === 'ArrowRight' ? i + 1 : event.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = PANELS[(next + PANELS.length) % PANELS.length] ?? panel;
    onPanel(target);
    document.getElementById(`panel-tab-${target}`)?.focus();
  };
  return (
    <div className="panel-tabs" role="tablist" aria-label={t.panels.label} data-testid="panel-tabs" onKeyDown={onKeyDown}>
      {PANELS.map((p) => (
        <button
          key={p}
          id={`panel-tab-${p}`}
          type="button"
          role="tab"
          aria-selected={p === panel}
          tabIndex={p === panel ? 0 : -1}
          data-panel={p}
          className={p === 'output' && hasError ? 'panel-tab panel-tab-alert' : 'panel-tab'}
          onClick={() => onPanel(p)}
        >
          {t.panels[p]}
        </button>
      ))}
    </div>
  );
}
