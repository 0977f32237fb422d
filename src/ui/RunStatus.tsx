import { useStore, type RunStatus as Status } from '../store';
import type { Messages } from '../i18n';
import { useT } from '../i18n/useT';

function describe(m: Messages['status'], status: Status, steps: number, queued: boolean, started: boolean, python: string | null): string {
  switch (status) {
    case 'loading':
      return queued ? m.loadingQueued : m.loading;
    case 'ready':
      return m.ready(python);
    case 'running':
      return started ? m.running(steps) : m.starting;
    case 'completed':
      return m.completed(steps);
    case 'step-limit':
      return m.stepLimit(steps);
    case 'time-limit':
      return m.timeLimit(steps);
    case 'stopped':
      return m.stopped(steps);
    case 'error':
      return m.error;
  }
}

/** The run status; `data-status` is the machine-readable value tests wait on. */
export function RunStatus() {
  const t = useT();
  const status = useStore((s) => s.status);
  const steps = useStore((s) => s.steps);
  const queued = useStore((s) => s.runQueued);
  const python = useStore((s) => s.python);
  const started = useStore((s) => s.runStarted);
  const replayLoading = useStore((s) => s.replay?.state === 'loading');
  return (
    <span className={`run-status run-status-${status}`} data-testid="run-status" data-status={status} role="status">
      {replayLoading ? t.share.replayLoading : describe(t.status, status, steps, queued, started, python)}
    </span>
  );
}
