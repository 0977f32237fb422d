import { useMemo, type ReactNode } from 'react';
import { useStore } from '../store';
import { hexAddress, typeName } from '../trace/query';
import { framesAfter, refcountAfter } from '../trace/steps';
import { borrowsLocals, lifetimeLabel } from '../trace/lifetimes';
import { useT } from './useT';
import type { TraceData } from '../trace/types';
import './timeline.css';

export interface VariablesPanelViewProps {
  trace: TraceData | null;
  cursor: number;
  selectedObject: number | null;
  onSelect: (obj: number | null) => void;
  /** The Variables / Heap switch, shown in the title row. */
  switcher?: ReactNode;
}

/** Names bound once the cursor's line has run, frame by frame (innermost first, module globals last). */
export function VariablesPanelView({ trace, cursor, selectedObject, onSelect, switcher }: VariablesPanelViewProps) {
  const t = useT();
  // The module's own frame holds no locals of its own (its names are the globals): skip it when empty.
  const frames = useMemo(
    () => (trace ? framesAfter(trace, cursor).filter((f) => !(f.frame >= 0 && f.function === '<module>' && f.names.length === 0)) : []),
    [trace, cursor],
  );
  return (
    <section data-testid="variables" className="inspect-panel" aria-label={t.variables.label}>
      {switcher ? (
        <div className="inspect-head">
          <h2 className="panel-title">{t.variables.title}</h2>
          {switcher}
        </div>
      ) : (
        <h2 className="panel-title">{t.variables.title}</h2>
      )}
      {!trace ? <p className="tl-muted">{t.variables.noTrace}</p> : null}
      {frames.map((f) => (
        <div key={f.frame} className="vars-frame" data-frame={f.function}>
          <h3>{f.frame < 0 ? t.variables.globals : f.function === '<module>' ? t.variables.module : `${f.function}()`}</h3>
          {f.names.length === 0 ? (
            <p className="tl-muted">{t.variables.noNames}</p>
          ) : (
            <ul className="vars-list">
              {f.names.map(({ name, obj }) => {
                const rc = trace ? refcountAfter(trace, obj, cursor) : null;
                const label = trace ? lifetimeLabel(trace, obj) : '';
                const address = hexAddress(trace?.objects.address[obj] ?? 0);
                // Long names and type names end in an ellipsis; the title holds the whole text.
                return (
                  <li key={`${name}:${obj}`}>
                    <button
                      type="button"
                      aria-pressed={selectedObject === obj}
                      onClick={() => onSelect(selectedObject === obj ? null : obj)}
                      title={`${name} → ${label} · ${address}\n${t.variables.select}`}
                      data-name={name}
                    >
                      <span className="vars-name">{name}</span>
                      <span className="vars-value" data-type={trace ? typeName(trace, obj) : ''}>
                        {label}
                      </span>
                      <span className="vars-meta">
                        <code>{address}</code>{' '}
                        <span className="vars-rc" title={trace ? t.refcountNote(trace.meta.python, borrowsLocals(trace.meta.python)) : undefined}>
                          {t.variables.refcount(rc)}
                        </span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ))}
      {trace && frames.some((f) => f.names.length > 0) ? (
        <p className="tl-note vars-note">{t.refcountNote(trace.meta.python, borrowsLocals(trace.meta.python))}</p>
      ) : null}
    </section>
  );
}

/** Variables at the store's cursor; clicking one selects its lifetime. */
export function VariablesPanel({ switcher }: { switcher?: ReactNode }) {
  const trace = useStore((s) => s.trace);
  const cursor = useStore((s) => s.cursor);
  const selectedObject = useStore((s) => s.selectedObject);
  const selectObject = useStore((s) => s.selectObject);
  return <VariablesPanelView trace={trace} cursor={cursor} selectedObject={selectedObject} onSelect={selectObject} switcher={switcher} />;
}
