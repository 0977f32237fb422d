import { useStore } from '../store';

/** A dismissible note about how the program was loaded (e.g. from a broken link). */
export function Notice() {
  const notice = useStore((s) => s.notice);
  const setNotice = useStore((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className="notice" data-testid="notice" role="status">
      <span>{notice}</span>
      <button type="button" className="button button-small" onClick={() => setNotice(null)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
