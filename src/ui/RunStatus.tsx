import { useStore, type RunStatus as Status } from '../store';

const number = new Intl.NumberFormat('en');

function describe(status: Status, steps: number, queued: boolean, started: boolean, python: string | null): string {
  const counted = `${number.format(steps)} step${steps === 1 ? '' : 's'}`;
  switch (status) {
    case 'loading':
      return queued ? 'Loading Python… the program runs when it is ready' : 'Loading Python…';
    case 'ready':
      return python ? `Ready · Python ${python}` : 'Ready';
    case 'running':
      if (!started) return 'Starting a fresh interpreter…';
      return steps > 0 ? `Running… ${counted}` : 'Running…';
    case 'completed':
      return `Completed · ${counted}`;
    case 'step-limit':
      return `Ended at the step limit · ${counted}`;
    case 'time-limit':
      return `Ended at the time limit · ${counted}`;
    case 'stopped':
      return `Stopped · ${counted}`;
    case 'error':
      return 'Error';
  }
}

/** The run status; `data-status` is the machine-readable value tests wait on. */
export function RunStatus() {
  const status = useStore((s) => s.status);
  const steps = useStore((s) => s.steps);
  const queued = useStore((s) => s.runQueued);
  const python = useStore((s) => s.python);
  const started = useStore((s) => s.runStarted);
  return (
    <span className={`run-status run-status-${status}`} data-testid="run-status" data-status={status} role="status">
      {describe(status, steps, queued, started, python)}
    </span>
  );
}
