import { chooseInspectView, useStore } from '../store';
import type { InspectView } from '../share/link';
import { HeapPanel } from './HeapPanel';
import { VariablesPanel } from './VariablesPanel';
import { useT } from './useT';

/**
 * Scrolls the pane holding `inspect` so that its bottom is in view, but never past the step
 * controls, which the heap is stepped with. The heap view is taller than the variables
 * (360 px against 220): on a laptop screen most of it opened below the trace pane's fold.
 * Only that pane moves (scrollIntoView would move every scrolling ancestor).
 */
function reveal(inspect: Element): void {
  const pane = inspect.closest('.pane');
  if (!pane) return;
  const view = pane.getBoundingClientRect();
  const below = inspect.getBoundingClientRect().bottom - view.bottom;
  const controls = (pane.querySelector('.step-controls') ?? inspect).getBoundingClientRect().top - view.top;
  if (below > 0) pane.scrollTop += Math.min(below, controls);
}

/** Two toggle buttons that choose what the inspect panel shows: the variables or the heap. */
function InspectSwitch({ view, onView }: { view: InspectView; onView: (v: InspectView) => void }) {
  const t = useT();
  const choose = (v: InspectView) => {
    onView(v);
    requestAnimationFrame(() => {
      // The buttons move into the other panel: keep the keyboard on the one just pressed.
      const button = document.getElementById(`inspect-view-${v}`);
      button?.focus({ preventScroll: true });
      const inspect = button?.closest('.trace-inspect');
      if (inspect) reveal(inspect);
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

/** Variables or the heap at the cursor, switchable; the variables first, unless a link asks for the heap. */
export function InspectPanel() {
  const view = useStore((s) => s.inspectView);
  const switcher = <InspectSwitch view={view} onView={chooseInspectView} />;
  return view === 'heap' ? <HeapPanel switcher={switcher} /> : <VariablesPanel switcher={switcher} />;
}
