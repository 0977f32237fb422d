import { errorHint } from '../runtime/environment';
import { programChanged, useStore } from '../store';
import { useT } from './useT';

/**
 * The run's error with its line, e.g. "NameError: name 'a' is not defined (line 3)". Once the
 * program has been edited it is the previous run's error, and says so. An error that is the
 * browser's rather than the program's (runtime/environment) gets a line saying why.
 */
export function ErrorMessage() {
  const t = useT();
  const error = useStore((s) => s.error);
  const stale = useStore(programChanged);
  if (!error) return null;
  const hint = errorHint(error);
  return (
    <p className={stale ? 'error-message error-stale' : 'error-message'} data-testid="error" data-stale={stale ? 'true' : undefined} role="alert">
      {stale ? <span className="error-stale-label">{t.error.previousRun} </span> : null}
      {t.error.format(error)}
      {hint ? <span className="error-hint">{t.error.hints[hint]}</span> : null}
    </p>
  );
}
