import { isBusy, runProgram, stopProgram, useStore } from '../store';
import { MOD_KEY } from './modKey';
import { useT } from './useT';

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
        title={t.run.runTitle(MOD_KEY)}
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
