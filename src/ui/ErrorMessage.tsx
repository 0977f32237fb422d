import { programChanged, useStore } from '../store';
import { useT } from './useT';

/**
 * The run's error with its line, e.g. "NameError: name 'a' is not defined (line 3)". Once the
 * program has been edited it is the previous run's error, and says so.
 */
export function ErrorMessage() {
  const t = useT();
  const error = useStore((s) => s.error);
  const stale = useStore(programChanged);
  if (!error) return null;
  return (
    <p className={stale ? 'error-message error-stale' : 'error-message'} data-testid="error" data-stale={stale ? 'true' : undefined} role="alert">
      {stale ? <span className="error-stale-label">{t.error.previousRun} </span> : null}
      {t.error.format(error)}
    </p>
  );
}
