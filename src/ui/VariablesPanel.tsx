import { useMemo } from 'react';
import { useStore } from '../store';
import { formatRefcount, framesAt, hexAddress, refcountAt, typeName } from '../trace/query';
import { lifetimeLabel } from '../trace/lifetimes';
import type { TraceData } from '../trace/types';
import './timeline.css';

export interface VariablesPanelViewProps {
  trace: TraceData | null;
  cursor: number;
  selectedObject: number | null;
  onSelect: (obj: number | null) => void;
}

/** Names bound at the cursor, frame by frame (innermost first, module globals last). */
export function VariablesPanelView({ trace, cursor, selectedObject, onSelect }: VariablesPanelViewProps) {
  // The module's own frame holds no locals of its own (its names are the globals): skip it when empty.
  const frames = useMemo(
    () => (trace ? framesAt(trace, cursor).filter((f) => !(f.frame >= 0 && f.function === '<module>' && f.names.length === 0)) : []),
    [trace, cursor],
  );
  return (
    <section data-testid="variables" className="inspect-panel" aria-label="Variables at the cursor">
      <h2 className="panel-title">Variables</h2>
      {!trace ? <p className="tl-muted">No trace yet.</p> : null}
      {frames.map((f) => (
        <div key={f.frame} className="vars-frame" data-frame={f.function}>
          <h3>{f.frame < 0 ? 'globals' : f.function === '<module>' ? 'module' : `${f.function}()`}</h3>
          {f.names.length === 0 ? (
            <p className="tl-muted">no names bound</p>
          ) : (
            <ul className="vars-list">
              {f.names.map(({ name, obj }) => {
                const rc = trace ? refcountAt(trace, obj, cursor) : null;
                return (
                  <li key={`${name}:${obj}`}>
                    <button
                      type="button"
                      aria-pressed={selectedObject === obj}
                      onClick={() => onSelect(selectedObject === obj ? null : obj)}
                      title="Select this object's lifetime on the timeline"
                      data-name={name}
                    >
                      <span className="vars-name">{name}</span>
                      <span className="vars-type">{trace ? typeName(trace, obj) : ''}</span>
                      <code>{hexAddress(trace?.objects.address[obj] ?? 0)}</code>
                      <span className="vars-rc">refcount {formatRefcount(rc)}</span>
                      <span className="tl-muted">{trace ? lifetimeLabel(trace, obj) : ''}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

/** Variables at the store's cursor; clicking one selects its lifetime. */
export function VariablesPanel() {
  const trace = useStore((s) => s.trace);
  const cursor = useStore((s) => s.cursor);
  const selectedObject = useStore((s) => s.selectedObject);
  const selectObject = useStore((s) => s.selectObject);
  return <VariablesPanelView trace={trace} cursor={cursor} selectedObject={selectedObject} onSelect={selectObject} />;
}
