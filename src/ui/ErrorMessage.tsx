import { formatError, useStore } from '../store';

/** The run's error with its line, e.g. "NameError: name 'a' is not defined (line 3)". */
export function ErrorMessage() {
  const error = useStore((s) => s.error);
  if (!error) return null;
  return (
    <p className="error-message" data-testid="error" role="alert">
      {formatError(error)}
    </p>
  );
}
