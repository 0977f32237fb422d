import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { chooseInspectView, currentView, pickViewState, useStore } from '../store';
import { appURL } from '../share/embedCode';
import { buildLink, linkTheme } from '../share/link';
import { useT } from './useT';
import { Editor } from './Editor';
import { ErrorMessage } from './ErrorMessage';
import { HeapPanel } from './HeapPanel';
import { Notice } from './Notice';
import { OutputPanel } from './OutputPanel';
import { ReplayBadge } from './ReplayBadge';
import { RunControls } from './RunControls';
import { RunStatus } from './RunStatus';
import { StepControls } from './StepControls';
import { TimelinePanel } from './TimelinePanel';

/** "Open in Refscope": the full app on the same program and view, in a new tab. */
function OpenInRefscope() {
  const t = useT();
  const state = useStore(useShallow(pickViewState));
  // The embed's colours go along: a dark blog's embed opens a dark app.
  const href = useMemo(() => appURL(location.href, buildLink({ ...currentView(state), theme: linkTheme(location.hash) })), [state]);
  return (
    <a className="embed-open" href={href} target="_blank" rel="noopener" data-testid="open-in-refscope" title={t.share.openInTitle}>
      {t.share.openIn} ↗
    </a>
  );
}

/**
 * The heap view, folded away until opened (the embed's height stays as it was until then);
 * open from the start when the link says `view=heap`, and "Open in Refscope" follows it.
 */
function EmbedHeap() {
  const t = useT();
  const open = useStore((s) => s.inspectView === 'heap');
  return (
    <details className="embed-heap" data-testid="embed-heap" open={open} onToggle={(e) => chooseInspectView(e.currentTarget.open ? 'heap' : 'variables')}>
      <summary>{t.heap.label}</summary>
      {open ? <HeapPanel /> : null}
    </details>
  );
}

/**
 * The embed (embed.html): the program, Run/Stop, the timeline and stepping, and a way to the
 * full app. Its height follows its content (the page posts it to the parent).
 */
export function EmbedApp() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <div className="embed" data-testid="embed">
      <header className="embed-header">
        <RunControls />
        <RunStatus />
        <ReplayBadge />
        <OpenInRefscope />
      </header>
      <Notice />
      <div className="embed-main">
        <section className="embed-editor" aria-label={t.app.program}>
          <Editor />
        </section>
        <section className="embed-trace" aria-label={t.app.trace}>
          <TimelinePanel />
          <StepControls />
          <EmbedHeap />
        </section>
      </div>
      <section className="embed-output" aria-label={t.app.output}>
        <ErrorMessage />
        <OutputPanel />
      </section>
    </div>
  );
}
