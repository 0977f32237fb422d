import { useStore } from '../store';
import { useT } from './useT';

/**
 * Says that the trace on screen is a recording (from a link, a file, or an example's
 * recording that ships with the app), not a run on this page.
 */
export function ReplayBadge() {
  const t = useT();
  const replay = useStore((s) => (s.replay?.state === 'ready' ? s.replay : null));
  const python = useStore((s) => s.trace?.meta.python ?? '');
  const steps = useStore((s) => s.trace?.steps.line.length ?? 0);
  if (!replay) return null;
  if (replay.from === 'example') {
    return (
      <span className="replay-badge" data-testid="replay-badge" data-from="example" title={t.examples.recordedTitle(python)}>
        {t.examples.recorded(steps)}
      </span>
    );
  }
  const name = replay.from === 'file' ? ` · ${replay.name}` : '';
  return (
    <span className="replay-badge" data-testid="replay-badge" data-from={replay.from} title={t.share.replayTitle(python)}>
      {t.share.replay}
      {name}
    </span>
  );
}
