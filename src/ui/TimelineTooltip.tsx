import { formatRefcount, hexAddress, namesOf, typeName } from '../trace/query';
import { borrowsLocals, lifetimeLabel, lineAt, refcountRange } from '../trace/lifetimes';
import type { TraceData } from '../trace/types';
import { refcountInLifetime, type TimelineLayout } from '../timeline/layout';
import type { Hit } from '../timeline/viewport';

function stepText(t: TraceData, step: number): string {
  const line = lineAt(t, step);
  return line === null ? `step ${step}` : `line ${line}, step ${step}`;
}

/** What the pointer is over on the timeline: one lifetime, or one output line. */
export function TimelineTooltip({ layout, hit, cursor }: { layout: TimelineLayout; hit: Hit; cursor: number }) {
  const t = layout.trace;
  if (hit.kind === 'output') {
    const chunk = t.output[hit.chunk];
    if (!chunk) return null;
    return (
      <div className="tl-tip-body">
        <strong>
          {chunk.stream} at {stepText(t, chunk.step)}
        </strong>
        <pre className="tl-tip-out">{chunk.text.length > 200 ? `${chunk.text.slice(0, 200)}…` : chunk.text}</pre>
      </div>
    );
  }
  if (hit.kind !== 'object') return null;
  const o = hit.obj;
  const born = t.objects.born[o] ?? -1;
  const died = t.objects.died[o] ?? -1;
  const fin = t.objects.finalized[o] ?? -1;
  const addr = t.objects.address[o] ?? 0;
  const names = namesOf(t, o);
  const range = refcountRange(t, o);
  const now = refcountInLifetime(layout, o, cursor);
  const prev = layout.objPrev[o] ?? -1;
  return (
    <div className="tl-tip-body">
      <strong>{lifetimeLabel(t, o)}</strong> <span className="tl-muted">({typeName(t, o)})</span>
      <dl>
        <dt>Address</dt>
        <dd>
          <code>{hexAddress(addr)}</code> = id() {addr}
        </dd>
        <dt>Size</dt>
        <dd>{t.objects.size[o] ?? 0} bytes</dd>
        <dt>Born</dt>
        <dd>{born < 0 ? 'before the run' : stepText(t, born)}</dd>
        <dt>Died</dt>
        <dd>{died < 0 ? 'still alive at the end' : stepText(t, died)}</dd>
        <dt>__del__</dt>
        <dd>{fin < 0 ? '—' : stepText(t, fin)}</dd>
        <dt>Names</dt>
        <dd>{names.length ? names.join(', ') : '—'}</dd>
        <dt>Refcount</dt>
        <dd>
          {range ? (range[0] === range[1] ? formatRefcount(range[0]) : `${formatRefcount(range[0])}–${formatRefcount(range[1])}`) : '—'}
          {'; '}at step {cursor}: {now === null ? 'not alive' : formatRefcount(now)}
        </dd>
        {prev >= 0 ? (
          <>
            <dt>Reuses</dt>
            <dd>the address of {lifetimeLabel(t, prev)}</dd>
          </>
        ) : null}
      </dl>
      <p className="tl-note">
        {borrowsLocals(t.meta.python)
          ? `On CPython ${t.meta.python}, sys.getrefcount(x) of a local reports 1 where older versions reported 2: locals are now passed as borrowed references.`
          : `On CPython ${t.meta.python}, sys.getrefcount(x) counts its own argument (a local reports 2); from 3.14 on it reports 1.`}
      </p>
    </div>
  );
}
