import { useLayoutEffect, useMemo, useRef } from 'react';
import { programChanged, useStore } from '../store';
import { useSettledTrace } from './useSettledTrace';
import { useT } from './useT';
import { bytecodeAt, instructionMark } from '../trace/bytecode';
import type { TraceData } from '../trace/types';
import './teaching.css';

export interface BytecodePanelViewProps {
  trace: TraceData | null;
  cursor: number;
  /** The program has been edited since this trace ran: the bytecode is the previous run's. */
  stale?: boolean;
  /** A trace has landed and this panel has not caught up yet (see useSettledTrace). */
  pending?: boolean;
}

/**
 * The seed post's second method, made to follow the cursor: `dis` of the code object the
 * current step ran in (disassembled by the same CPython after the run), the step's line
 * highlighted, and, at steps that created or destroyed objects, the instructions of that
 * line whose kind can create (+) or release (−) an object.
 */
export function BytecodePanelView({ trace, cursor, stale = false, pending = false }: BytecodePanelViewProps) {
  const t = useT();
  const at = useMemo(() => (trace ? bytecodeAt(trace, cursor) : null), [trace, cursor]);
  const scroller = useRef<HTMLDivElement>(null);

  // Keep the current line's instructions in view as the cursor moves (without scrolling the page):
  // the whole block when it fits, else its first instruction at the top.
  useLayoutEffect(() => {
    const box = scroller.current;
    const rows = box ? Array.from(box.querySelectorAll<HTMLElement>('tr[data-current="true"]')) : [];
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (!box || !first || !last) return;
    const origin = box.getBoundingClientRect().top - box.scrollTop;
    const head = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const top = first.getBoundingClientRect().top - origin - head;
    const bottom = last.getBoundingClientRect().bottom - origin;
    const view = box.clientHeight - head;
    if (top < box.scrollTop || bottom > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, bottom - top <= view ? Math.min(top - 4, bottom - box.clientHeight + 4) : top);
    }
  }, [at?.codeIndex, at?.line]);

  let body;
  if (!trace) body = <p className="tl-muted">{pending ? t.bytecode.pending : t.bytecode.none}</p>;
  else if (!at) body = <p className="tl-muted">{trace.steps.line.length === 0 ? t.bytecode.noSteps : t.bytecode.unavailable}</p>;
  else {
    const instructions = at.code.instructions;
    body = (
      // Focusable so that a keyboard can scroll it (WCAG 2.1.1; axe scrollable-region-focusable).
      <div className="bc-scroll" ref={scroller} tabIndex={0} role="region" aria-label={t.bytecode.label}>
        <table className="bc-table">
          <thead>
            <tr>
              <th scope="col">{t.bytecode.line}</th>
              <th scope="col">{t.bytecode.offset}</th>
              <th scope="col">{t.bytecode.instruction}</th>
              <th scope="col">{t.bytecode.argument}</th>
              <th scope="col">
                <span className="visually-hidden">{`${t.bytecode.creates} / ${t.bytecode.releases}`}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {instructions.map((ins, i) => {
              const current = ins.line !== null && ins.line === at.line;
              const mark = instructionMark(ins, at);
              const firstOfLine = i === 0 || instructions[i - 1]?.line !== ins.line;
              return (
                <tr
                  key={ins.offset}
                  className={current ? 'bc-current' : undefined}
                  data-current={current ? 'true' : undefined}
                  data-mark={mark ?? undefined}
                  aria-current={current ? 'step' : undefined}
                >
                  <td className="bc-line">{firstOfLine && ins.line !== null ? ins.line : ''}</td>
                  <td className="bc-offset">{ins.offset}</td>
                  <td className="bc-op">
                    <code>{ins.opname}</code>
                  </td>
                  <td className="bc-arg" title={ins.argrepr}>
                    {ins.argrepr}
                  </td>
                  <td className="bc-mark">
                    {mark ? (
                      <span className={`bc-mark-${mark}`} title={mark === 'creates' ? t.bytecode.creates : t.bytecode.releases}>
                        {mark === 'creates' ? '+' : '−'}
                        <span className="visually-hidden">{mark === 'creates' ? t.bytecode.creates : t.bytecode.releases}</span>
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <section data-testid="bytecode" className="bytecode-panel" aria-label={t.bytecode.label} data-code={at?.code.name} data-step={at ? cursor : undefined} data-stale={stale && trace ? 'true' : undefined}>
      <h2 className="panel-title">
        {t.bytecode.title}
        {at ? <span className="bc-code"> · {t.bytecode.code(at.code.name, at.code.firstLine)}</span> : null}
      </h2>
      {stale && trace ? (
        <p className="bc-stale" data-testid="bytecode-stale">
          {t.error.previousRunBytecode}
        </p>
      ) : null}
      {body}
      {at ? (
        <p className="bc-legend">
          <span className="bc-mark-creates" aria-hidden="true">
            +
          </span>{' '}
          {t.bytecode.creates} <span className="bc-mark-releases" aria-hidden="true">
            −
          </span>{' '}
          {t.bytecode.releases} · <span className="bc-current-swatch" aria-hidden="true" /> {t.bytecode.currentLine}{' '}
          <span className="tl-muted">{t.bytecode.note}</span>
        </p>
      ) : null}
    </section>
  );
}

/** The bytecode panel following the store's cursor (a moment after a new trace lands: see useSettledTrace). */
export function BytecodePanel() {
  const { trace, cursor, current } = useSettledTrace();
  const stale = useStore(programChanged);
  return <BytecodePanelView trace={trace} cursor={cursor} stale={stale} pending={!current} />;
}
