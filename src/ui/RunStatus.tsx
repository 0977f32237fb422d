import { useMemo } from 'react';
import { useStore, type RunStatus as Status } from '../store';
import type { Messages } from '../i18n';
import { useT } from './useT';

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
  const boot = useStore((s) => s.pythonBoot);
  const started = useStore((s) => s.runStarted);
  const replayLoading = useStore((s) => s.replay?.state === 'loading');
  // Whole percents, so that a long read re-renders at most a hundred times.
  const percent = useStore((s) => (s.replay?.state === 'loading' && s.replay.progress !== undefined ? Math.floor(s.replay.progress * 100) : null));
  const text = replayLoading ? (percent === null ? t.share.replayLoading : t.share.replayProgress(percent)) : describe(t.status, status, steps, queued, started, python);
  // Screen readers hear the status when it changes (started, stopped, hit the limit), not every
  // step count while running: the spoken copy ignores `steps` until the status itself changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const spoken = useMemo(() => text, [status, queued, started, replayLoading, t]);
  // The header may cut the status short (layout.css): the title holds all of it.
  return (
    <>
      <span className={`run-status run-status-${status}`} data-testid="run-status" data-status={status}
        data-python-boot={boot ?? undefined}
        title={text}
      >
        {text}
      </span>
      <span className="visually-hidden" role="status" data-testid="run-status-spoken">
        {spoken}
      </span>
    </>
  );
}
