import { useEffect } from 'react';
import { setPresent, togglePresent, useStore } from '../store';
import { useT } from './useT';
import { keyBelongsToFocus } from './StepControls';

/**
 * Presentation mode on and off: the button, P anywhere outside the editor and form fields,
 * and Esc to leave. The mode itself is a class on the app root (see present.css) and the
 * store's `present` flag, which the timeline reads for its scale.
 */
export function PresentToggle() {
  const t = useT();
  const present = useStore((s) => s.present);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape' && useStore.getState().present) {
        setPresent(false);
        e.preventDefault();
        return;
      }
      if ((e.key === 'p' || e.key === 'P') && !keyBelongsToFocus(e.target, e.key)) {
        togglePresent();
        e.preventDefault();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <button
      type="button"
      className="button present-toggle"
      data-testid="present-toggle"
      aria-pressed={present}
      title={t.present.title}
      onClick={togglePresent}
    >
      {present ? t.present.exit : t.present.toggle}
    </button>
  );
}
