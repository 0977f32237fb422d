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
    requestAnimationFrame(() => {
      // The buttons move into the other panel: keep the keyboard on the one just pressed.
      const button = document.getElementById(`inspect-view-${v}`);
      button?.focus({ preventScroll: true });
      // The heap view is taller than the variables (360 px against 220): on a laptop screen
      // most of it opened below the trace pane's fold. Scroll that pane (only that one:
      // scrollIntoView would move every scrolling ancestor) to show it, but never past the
      // step controls, which the heap is stepped with.
      const inspect = button?.closest('.trace-inspect');
      const pane = inspect?.closest('.pane');
      if (inspect && pane) {
        const top = pane.getBoundingClientRect().top;
        const below = inspect.getBoundingClientRect().bottom - pane.getBoundingClientRect().bottom;
        const controls = (pane.querySelector('.step-controls') ?? inspect).getBoundingClientRect().top - top;
        if (below > 0) pane.scrollTop += Math.min(below, controls);
      }
    });
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
