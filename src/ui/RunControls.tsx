import { isBusy, runProgram, stopProgram, useStore } from '../store';
import { useT } from './useT';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Run and Stop. Run before Python is ready queues the run until it is. */
export function RunControls() {
  const t = useT();
  const busy = useStore(isBusy);
  return (
    <div className="run-controls">
      <button
        type="button"
        className="button button-run"
        data-testid="run-button"
        onClick={() => runProgram()}
        disabled={busy}
        title={t.run.runTitle(isMac ? '⌘' : 'Ctrl')}
      >
        {t.run.run}
      </button>
      <button
        type="button"
        className="button button-stop"
        data-testid="stop-button"
        onClick={stopProgram}
        disabled={!busy}
      >
        {t.run.stop}
      </button>
    </div>
  );
}
