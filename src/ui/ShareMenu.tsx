import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { currentView, pickViewState, useStore } from '../store';
import { copyText } from '../share/download';
import { embedSnippet, embedURL, linkTo } from '../share/embedCode';
import { buildLink, compressTrace, type LinkView } from '../share/link';
import { traceToJSON } from '../trace/json';
import type { TraceData } from '../trace/types';
import { useT } from '../i18n/useT';

/** Inline replays longer than this (compressed) are not offered: the snippet would be unwieldy. */
export const MAX_INLINE_TRACE_CHARS = 512_000;
/** Traces whose JSON passes this are not even compressed (it would stall the page). */
const MAX_INLINE_JSON_CHARS = 8_000_000;

type Panel = 'link' | 'embed' | null;
type EmbedMode = 'live' | 'replay';

/** A run's trace for `tracez`, or its size in KB when too large to inline. */
function inlineTrace(trace: TraceData): { tracez: string } | { tooBigKB: number } {
  const json = JSON.stringify(traceToJSON(trace));
  if (json.length > MAX_INLINE_JSON_CHARS) return { tooBigKB: Math.round(json.length / 1024) };
  const tracez = compressTrace(json);
  return tracez.length > MAX_INLINE_TRACE_CHARS ? { tooBigKB: Math.round(tracez.length / 1024) } : { tracez };
}

function pageURL(): string {
  return typeof location === 'undefined' ? 'http://localhost/' : location.href;
}

/** The view without anything that belongs to a live run (for a replay link). */
function replayView(view: Partial<LinkView>): Partial<LinkView> {
  return { step: view.step, all: view.all, lang: view.lang, present: view.present };
}

/**
 * Share (a link to this program and view, copied) and Embed (the `<iframe>` snippet, live or
 * a static replay of this run). Both show what they copied, so it can be copied by hand
 * when the browser refuses the clipboard.
 */
export function ShareMenu() {
  const t = useT();
  const [panel, setPanel] = useState<Panel>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [link, setLink] = useState('');
  const [mode, setMode] = useState<EmbedMode>('live');
  const state = useStore(useShallow(pickViewState));
  const view = useMemo(() => currentView(state), [state]);
  const trace = state.trace;
  const replay = state.replay?.state === 'ready' ? state.replay : null;

  const inline = useMemo(() => {
    if (panel !== 'embed' || mode !== 'replay' || !trace) return null;
    if (replay?.from === 'inline') return { tracez: replay.tracez };
    if (replay?.from === 'url') return null;
    return inlineTrace(trace);
  }, [panel, mode, trace, replay]);

  const snippet = useMemo(() => {
    if (panel !== 'embed') return '';
    if (mode === 'live') {
      const live: Partial<LinkView> = { ...view, trace: null, tracez: null, source: state.source, run: true };
      return embedSnippet(embedURL(pageURL(), buildLink(live)));
    }
    if (replay?.from === 'url') return embedSnippet(embedURL(pageURL(), buildLink({ ...replayView(view), trace: new URL(replay.url, pageURL()).href })));
    if (inline && 'tracez' in inline) return embedSnippet(embedURL(pageURL(), buildLink({ ...replayView(view), tracez: inline.tracez })));
    return '';
  }, [panel, mode, view, state.source, replay, inline]);

  useEffect(() => {
    if (!panel) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setPanel(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [panel]);

  const share = async (): Promise<void> => {
    const url = linkTo(pageURL(), buildLink(currentView(useStore.getState())));
    setLink(url);
    setPanel('link');
    setCopied(null);
    setCopied(await copyText(url));
  };

  const openEmbed = (): void => {
    setPanel(panel === 'embed' ? null : 'embed');
    setCopied(null);
  };

  const copySnippet = async (): Promise<void> => {
    setCopied(await copyText(snippet));
  };

  const replayNote = !trace ? t.share.embedReplayNeedsRun : inline && 'tooBigKB' in inline ? t.share.embedReplayTooBig(inline.tooBigKB) : null;

  return (
    <div className="share-menu">
      <button type="button" className="button" data-testid="share-button" title={t.share.shareTitle} onClick={() => void share()}>
        {t.share.share}
      </button>
      <button
        type="button"
        className="button"
        data-testid="embed-button"
        title={t.share.embedTitle}
        aria-expanded={panel === 'embed'}
        onClick={openEmbed}
      >
        {t.share.embed}
      </button>
      {panel === 'link' ? (
        <div className="share-panel" role="dialog" aria-label={t.share.linkLabel} data-testid="share-panel">
          <label className="share-field">
            {t.share.linkLabel}
            <input type="text" readOnly value={link} data-testid="share-link" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <div className="share-row">
            <span role="status" data-testid="share-copied">
              {copied === true ? t.share.copied : copied === false ? t.share.copyFailed : ''}
            </span>
            <button type="button" className="button button-small" onClick={() => setPanel(null)}>
              {t.share.close}
            </button>
          </div>
        </div>
      ) : null}
      {panel === 'embed' ? (
        <div className="share-panel share-panel-embed" role="dialog" aria-label={t.share.embedLabel} data-testid="embed-panel">
          <fieldset className="share-modes">
            <label>
              <input type="radio" name="embed-mode" checked={mode === 'live'} onChange={() => setMode('live')} data-testid="embed-live" /> {t.share.embedLive}
            </label>
            <label>
              <input type="radio" name="embed-mode" checked={mode === 'replay'} onChange={() => setMode('replay')} data-testid="embed-replay" />{' '}
              {t.share.embedReplay}
            </label>
          </fieldset>
          {mode === 'replay' && replayNote ? <p className="share-note">{replayNote}</p> : null}
          <label className="share-field">
            {t.share.embedLabel}
            <textarea readOnly rows={6} value={snippet} data-testid="embed-code" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <p className="share-note">{t.share.embedHint}</p>
          <div className="share-row">
            <button type="button" className="button" data-testid="copy-embed" disabled={!snippet} onClick={() => void copySnippet()}>
              {t.share.copyEmbed}
            </button>
            <span role="status">{copied === true ? t.share.copied : copied === false ? t.share.copyFailed : ''}</span>
            <button type="button" className="button button-small" onClick={() => setPanel(null)}>
              {t.share.close}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
