import { useStore } from '../store';
import { useT } from '../i18n/useT';

/** The run's error with its line, e.g. "NameError: name 'a' is not defined (line 3)". */
export function ErrorMessage() {
  const t = useT();
  const error = useStore((s) => s.error);
  if (!error) return null;
  return (
    <p className="error-message" data-testid="error" role="alert">
      {t.error.format(error)}
    </p>
  );
}
