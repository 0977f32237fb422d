import { useStore } from '../store';
import { useT } from '../i18n/useT';

/** Says that the trace on screen is a recording (from a link or a file), not a run on this page. */
export function ReplayBadge() {
  const t = useT();
  const replay = useStore((s) => (s.replay?.state === 'ready' ? s.replay : null));
  const python = useStore((s) => s.trace?.meta.python ?? '');
  if (!replay) return null;
  const name = replay.from === 'file' ? ` · ${replay.name}` : '';
  return (
    <span className="replay-badge" data-testid="replay-badge" data-from={replay.from} title={t.share.replayTitle(python)}>
      {t.share.replay}
      {name}
    </span>
  );
}
