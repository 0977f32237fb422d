import { useStore } from '../store';
import { BROKEN_LINK_NOTICE } from '../store/hash';
import { useT } from '../i18n/useT';

/** A dismissible note about how the program was loaded (e.g. from a broken link). */
export function Notice() {
  const t = useT();
  const notice = useStore((s) => s.notice);
  const setNotice = useStore((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className="notice" data-testid="notice" role="status">
      <span>{notice === BROKEN_LINK_NOTICE ? t.notice.brokenLink : notice}</span>
      <button type="button" className="button button-small" onClick={() => setNotice(null)} aria-label={t.notice.dismiss}>
        ×
      </button>
    </div>
  );
}
