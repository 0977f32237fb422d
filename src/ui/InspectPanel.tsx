import { useState } from 'react';
import { HeapPanel } from './HeapPanel';
import { VariablesPanel } from './VariablesPanel';
import { useT } from './useT';

export type InspectView = 'variables' | 'heap';

/** Two toggle buttons that choose what the inspect panel shows: the variables or the heap. */
function InspectSwitch({ view, onView }: { view: InspectView; onView: (v: InspectView) => void }) {
  const t = useT();
  const choose = (v: InspectView) => {
    onView(v);
    // The buttons move into the other panel: keep the keyboard on the one just pressed.
    requestAnimationFrame(() => document.getElementById(`inspect-view-${v}`)?.focus());
  };
  return (
    <div className="inspect-switch" role="group" aria-label={t.heap.views}>
      {(['variables', 'heap'] as const).map((v) => (
        <button key={v} id={`inspect-view-${v}`} type="button" data-testid={`inspect-view-${v}`} aria-pressed={view === v} onClick={() => choose(v)}>
          {v === 'heap' ? t.heap.heapView : t.heap.variablesView}
        </button>
      ))}
    </div>
  );
}

/** Variables or the heap at the cursor, switchable; the variables first. */
export function InspectPanel() {
  const [view, setView] = useState<InspectView>('variables');
  const switcher = <InspectSwitch view={view} onView={setView} />;
  return view === 'heap' ? <HeapPanel switcher={switcher} /> : <VariablesPanel switcher={switcher} />;
}
