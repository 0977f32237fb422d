import { hexAddress, namesOf, typeName } from '../trace/query';
import { borrowsLocals, lifetimeLabel, lineAt } from '../trace/lifetimes';
import { refcountRange } from '../trace/model';
import { blockNextText, freeListText, whyNotText } from '../trace/blocks';
import { ObjectFlag, type TraceData } from '../trace/types';
import type { TimelineLayout } from '../timeline/layout';
import { isAliveAfter, refcountAfter } from '../trace/steps';
import type { Hit } from '../timeline/viewport';
import type { Messages } from '../i18n';
import { useT } from './useT';

function stepText(m: Messages, t: TraceData, step: number): string {
  return m.tooltip.where(lineAt(t, step), step);
}

/** The explanations that apply to one lifetime: why it never dies, why it died, why it has this address. */
export function lifetimeWhy(m: Messages, t: TraceData, obj: number, reuses: boolean): string[] {
  const flags = t.objects.flags[obj] ?? 0;
  const why: string[] = [];
  // First: the tooltip shows one reason, and "print made this" is the one a student needs.
  if (flags & ObjectFlag.outputPath) why.push(m.timeline.why.outputPath);
  if (flags & (ObjectFlag.preexisting | ObjectFlag.immortal)) why.push(m.timeline.why.preexisting);
  if (reuses) why.push(m.timeline.why.reused);
  if ((t.objects.finalized[obj] ?? -1) >= 0) why.push(m.timeline.why.finalized);
  if ((t.objects.died[obj] ?? -1) >= 0) why.push(m.timeline.why.destroyed);
  return why;
}

/** What the pointer is over on the timeline: one lifetime, or one output line. */
export function TimelineTooltip({ layout, hit, cursor }: { layout: TimelineLayout; hit: Hit; cursor: number }) {
  const m = useT();
  const t = layout.trace;
  if (hit.kind === 'output') {
    const chunk = t.output[hit.chunk];
    if (!chunk) return null;
    return (
      <div className="tl-tip-body">
        <strong>{m.tooltip.streamAt(chunk.stream, lineAt(t, chunk.step), chunk.step)}</strong>
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
  // The state after the cursor's line ran, as in every panel (trace/steps).
  const now = isAliveAfter(t, o, cursor) ? refcountAfter(t, o, cursor) : null;
  const prev = layout.objPrev[o] ?? -1;
  // One reason, the most telling: the tooltip must stay small (the legend explains them all).
  const why = lifetimeWhy(m, t, o, prev >= 0).slice(0, 1);
  const blockWent = blockNextText(t, o, m.narration.block);
  const notHere = whyNotText(t, o, m.narration.block);
  const cameFrom = freeListText(t, o, m.narration.block);
  return (
    <div className="tl-tip-body">
      <strong>{lifetimeLabel(t, o)}</strong> <span className="tl-muted">({typeName(t, o)})</span>
      <dl>
        <dt>{m.tooltip.address}</dt>
        <dd>
          <code>{hexAddress(addr)}</code> = id() {addr}
        </dd>
        <dt>{m.tooltip.size}</dt>
        <dd>
          {(t.objects.chunk?.[o] ?? 0) > 0
            ? m.tooltip.bytesInBlock(t.objects.size[o] ?? 0, t.objects.chunk?.[o] ?? 0)
            : m.tooltip.bytes(t.objects.size[o] ?? 0)}
        </dd>
        <dt>{m.tooltip.born}</dt>
        <dd>{born < 0 ? m.tooltip.beforeRun : stepText(m, t, born)}</dd>
        <dt>{m.tooltip.died}</dt>
        <dd>{died < 0 ? m.tooltip.stillAlive : stepText(m, t, died)}</dd>
        <dt>{m.tooltip.finalized}</dt>
        <dd>{fin < 0 ? '—' : stepText(m, t, fin)}</dd>
        <dt>{m.tooltip.names}</dt>
        <dd>{names.length ? names.join(', ') : '—'}</dd>
        <dt>{m.tooltip.refcount}</dt>
        <dd>
          {range ? (range[0] === range[1] ? m.refcount(range[0]) : `${m.refcount(range[0])}–${m.refcount(range[1])}`) : '—'}
          {'; '}
          {m.tooltip.atStep(cursor)}: {now === null ? m.tooltip.notAlive : m.refcount(now)}
        </dd>
        {prev >= 0 ? (
          <>
            <dt>{m.tooltip.reuses}</dt>
            <dd>{m.tooltip.reusesValue(lifetimeLabel(t, prev))}</dd>
          </>
        ) : null}
        {cameFrom ? (
          <>
            <dt>{m.tooltip.blockFrom}</dt>
            <dd data-testid="tooltip-block-from">{cameFrom}</dd>
          </>
        ) : null}
        {blockWent ? (
          <>
            <dt>{m.tooltip.blockNext}</dt>
            <dd data-testid="tooltip-block">{blockWent}</dd>
          </>
        ) : null}
      </dl>
      {notHere ? <p className="tl-why">{notHere}</p> : null}
      {why.map((text) => (
        <p key={text} className="tl-why">
          {text}
        </p>
      ))}
      <p className="tl-note">{m.refcountNote(t.meta.python, borrowsLocals(t.meta.python))}</p>
    </div>
  );
}

/** One sentence for a screen reader on the lifetime the keyboard picked on the timeline. */
export function lifetimeSentence(m: Messages, layout: TimelineLayout, o: number): string {
  const t = layout.trace;
  const lane = layout.objLane[o] ?? -1;
  const first = layout.laneStart[lane] ?? 0;
  const count = (layout.laneStart[lane + 1] ?? first) - first;
  const nth = layout.laneObjects.subarray(first, first + count).indexOf(o) + 1;
  const born = t.objects.born[o] ?? -1;
  const died = t.objects.died[o] ?? -1;
  const prev = layout.objPrev[o] ?? -1;
  return m.timeline.active(
    lifetimeLabel(t, o),
    typeName(t, o),
    hexAddress(t.objects.address[o] ?? 0),
    born < 0 ? null : stepText(m, t, born),
    died < 0 ? null : stepText(m, t, died),
    prev >= 0 ? lifetimeLabel(t, prev) : null,
    nth,
    count,
  );
}
