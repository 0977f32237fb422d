import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { currentView, pickViewState, runProgram, useStore } from '../store';
import { copyText } from '../share/download';
import { embedSnippet, embedURL, linkTo } from '../share/embedCode';
import { downloadBlob } from '../share/download';
import { buildLink, THEMES, type LinkView, type Theme } from '../share/link';
import { TRACE_FILE_TYPES } from '../trace/file';
import { useT } from './useT';
import { BudgetFields } from './BudgetFields';
import './budget.css';
import { useReplayEmbed } from './useReplayEmbed';

type Panel = 'link' | 'embed' | null;
type EmbedMode = 'live' | 'replay';

function pageURL(): string {
  return typeof location === 'undefined' ? 'http://localhost/' : location.href;
}

/** The view without anything that belongs to a live run (for a replay link). */
function replayView(view: Partial<LinkView>): Partial<LinkView> {
  return { step: view.step, all: view.all, lang: view.lang, present: view.present, view: view.view };
}

/**
 * Share (a link to this program and view, copied) and Embed (the `<iframe>` snippet, live or
 * a static replay of this run). Both show what they copied, so it can be copied by hand
 * when the browser refuses the clipboard.
 */
export function ShareMenu() {
  const t = useT();
  const [panel, setPanel] = useState<Panel>(null);
  // What was copied, and whether that worked: a status about an older link (budgets changed since) is not shown.
  const [copy, setCopy] = useState<{ text: string; ok: boolean } | null>(null);
  const [mode, setMode] = useState<EmbedMode>('live');
  // The embed's colours: the reader's system's (null), or the blogger's choice for their page.
  const [theme, setTheme] = useState<Theme | null>(null);
  const state = useStore(useShallow(pickViewState));
  const view = useMemo(() => currentView(state), [state]);
  const trace = state.trace;
  const replay = state.replay?.state === 'ready' ? state.replay : null;

  // The link follows the view, budgets included, while its panel is open.
  const link = useMemo(() => (panel === 'link' ? linkTo(pageURL(), buildLink(view)) : ''), [panel, view]);

    const exampleId = useStore((s) => s.exampleId);
  const lastStep = Math.max(0, (trace?.steps.line.length ?? 1) - 1);
  // "Trim to steps A–B": off, or the window as typed (clamped when used).
  const [trimOn, setTrimOn] = useState(false);
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const trim = useMemo<[number, number] | null>(() => {
    if (!trimOn) return null;
    const a = Math.min(Math.max(0, range[0]), lastStep);
    return [a, Math.min(Math.max(a, range[1]), lastStep)];
  }, [trimOn, range, lastStep]);
  const fileName = `refscope-${exampleId ?? 'trace'}${trim ? `-steps${trim[0]}-${trim[1]}` : ''}${TRACE_FILE_TYPES.compact.extension}`;
  const [fileURL, setFileURL] = useState('');
  const embedded = useReplayEmbed(panel === 'embed' && mode === 'replay', trace, replay, trim);
  const replayStep = (v: Partial<LinkView>): Partial<LinkView> =>
    trim && v.step != null ? { ...replayView(v), step: Math.min(Math.max(0, v.step - trim[0]), trim[1] - trim[0]) } : replayView(v);

  const snippet = useMemo(() => {
    if (panel !== 'embed') return '';
    const code = (v: Partial<LinkView>): string => embedSnippet(embedURL(pageURL(), buildLink({ ...v, theme })), { theme });
    if (mode === 'live') return code({ ...view, trace: null, tracez: null, source: state.source, run: true });
    if (embedded?.kind === 'url') return code({ ...replayView(view), trace: new URL(embedded.url, pageURL()).href });
    if (embedded?.kind === 'inline') return code({ ...replayStep(view), tracez: embedded.tracez });
    if (embedded?.kind === 'file') {
      // Where the reader will serve the file: by default next to the embed page.
      return code({ ...replayStep(view), trace: new URL(fileURL.trim() || fileName, embedURL(pageURL(), '#')).href });
    }
    return '';
    // replayStep follows trim, which is listed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [panel, mode, view, state.source, embedded, fileURL, fileName, trim, theme]);

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
    setPanel('link');
    setCopy(null);
    setCopy({ text: url, ok: await copyText(url) });
  };

  const openEmbed = (): void => {
    setPanel(panel === 'embed' ? null : 'embed');
    setCopy(null);
  };

  const copySnippet = async (): Promise<void> => {
    setCopy({ text: snippet, ok: await copyText(snippet) });
  };

  const copied = (text: string): string => (copy?.text !== text ? '' : copy.ok ? t.share.copied : t.share.copyFailed);
  // A replay shows the run on screen: when the chosen budgets differ from that run's, say so and offer the run.
  const replayOther =
    mode === 'replay' && trace && !replay && (trace.meta.maxSteps !== state.limits.maxSteps || trace.meta.maxSeconds !== state.limits.maxSeconds);

  const replayNote = !trace ? t.share.embedReplayNeedsRun : null;

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
          {replay ? null : <BudgetFields />}
          <div className="share-row">
            <span role="status" data-testid="share-copied">
              {copied(link)}
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
          <label className="share-theme">
            {t.share.embedTheme}{' '}
            <select value={theme ?? 'system'} onChange={(e) => setTheme((THEMES as readonly string[]).includes(e.currentTarget.value) ? (e.currentTarget.value as Theme) : null)} data-testid="embed-theme">
              <option value="system">{t.share.embedThemes.system}</option>
              {THEMES.map((name) => (
                <option key={name} value={name}>
                  {t.share.embedThemes[name]}
                </option>
              ))}
            </select>
          </label>
          {replay ? null : <BudgetFields />}
          {replayOther ? (
            <p className="share-note" data-testid="budget-replay-other">
              {t.budget.replayOther(trace.meta.maxSteps)}{' '}
              <button type="button" className="button button-small" data-testid="budget-rerun" onClick={() => runProgram()}>
                {t.budget.rerun}
              </button>
            </p>
          ) : null}
          {mode === 'replay' && trace ? (
            <div className="share-trim" data-testid="embed-trim">
              <label>
                <input type="checkbox" checked={trimOn} onChange={(e) => { setTrimOn(e.currentTarget.checked); if (!trimOn) setRange([0, lastStep]); }} data-testid="embed-trim-on" />{' '}
                {t.share.embedTrim}
              </label>
              <input type="number" min={0} max={lastStep} value={trim ? range[0] : 0} disabled={!trimOn} aria-label={t.share.embedTrimFrom}
                onChange={(e) => setRange([Number(e.currentTarget.value), range[1]])} data-testid="embed-trim-from" />
              <span aria-hidden="true">–</span>
              <input type="number" min={0} max={lastStep} value={trim ? range[1] : lastStep} disabled={!trimOn} aria-label={t.share.embedTrimTo}
                onChange={(e) => setRange([range[0], Number(e.currentTarget.value)])} data-testid="embed-trim-to" />
            </div>
          ) : null}
          {mode === 'replay' && embedded?.kind === 'file' ? (
            <div className="share-file" data-testid="embed-file">
              <p className="share-note">{t.share.embedReplayFile(embedded.kb)}</p>
              <div className="share-row">
                <button type="button" className="button" data-testid="embed-download"
                  onClick={() => downloadBlob(new Blob([embedded.bytes as BlobPart], { type: TRACE_FILE_TYPES.compact.mime }), fileName)}>
                  {t.share.embedDownload(fileName)}
                </button>
              </div>
              <label className="share-field">
                {t.share.embedFileURL}
                <input type="text" value={fileURL} placeholder={fileName} onChange={(e) => setFileURL(e.currentTarget.value)} data-testid="embed-file-url" />
              </label>
            </div>
          ) : null}
          <label className="share-field">
            {t.share.embedLabel}
            <textarea readOnly rows={6} value={snippet} data-testid="embed-code" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <p className="share-note">{t.share.embedHint}</p>
          <div className="share-row">
            <button type="button" className="button" data-testid="copy-embed" disabled={!snippet} onClick={() => void copySnippet()}>
              {t.share.copyEmbed}
            </button>
            <span role="status">{copied(snippet)}</span>
            <button type="button" className="button button-small" onClick={() => setPanel(null)}>
              {t.share.close}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
