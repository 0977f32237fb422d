import { useStore } from '../store';
import type { Messages } from '../i18n';
import { useT } from './useT';
import type { LinkProblem } from '../share/link';

/** One problem with a link or a trace file, in the reader's language. */
export function describeProblem(t: Messages, p: LinkProblem): string {
  switch (p.kind) {
    case 'broken-code':
      return t.notice.brokenLink;
    case 'code-too-long':
      return t.share.codeTooLong(p.max);
    case 'bad-value':
      return t.share.badValue(p.key, p.value);
    case 'trace-failed':
      return p.reason === 'fetch' ? t.share.traceFetch(p.detail) : p.reason === 'format' ? t.share.traceFormat(p.detail) : t.share.traceUnreadable;
    case 'bad-file':
      return t.share.badFile(p.name, p.detail);
    case 'download-failed':
      return t.share.downloadFailed(p.name, p.detail);
  }
}

/** A dismissible note about how the program was loaded (a broken link, a bad value, a trace that would not load) or a download that failed. */
export function Notice() {
  const t = useT();
  const problems = useStore((s) => s.problems);
  if (problems.length === 0) return null;
  const lines = problems.map((p) => describeProblem(t, p));
  return (
    <div className="notice" data-testid="notice" role="status">
      {lines.length === 1 ? (
        <span>{lines[0]}</span>
      ) : (
        <ul className="notice-list">
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button button-small"
        onClick={() => useStore.setState({ problems: [] })}
        aria-label={t.notice.dismiss}
      >
        ×
      </button>
    </div>
  );
}
