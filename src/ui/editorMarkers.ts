/**
 * CodeMirror extensions that show run state in the editor: a marker on the line an error
 * points at, and a highlight on the line of the step under the cursor. Both positions
 * are pushed in with effects and follow edits made after the run.
 */
import { Facet, StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, gutter, type DecorationSet } from '@codemirror/view';

/** Sets (or clears, with null) the 1-based line carrying the error marker. */
export const setErrorLine = StateEffect.define<number | null>();
/** Sets (or clears) the 1-based line of the current step. */
export const setStepLine = StateEffect.define<number | null>();

/** A field holding the start of a marked line, or null; mapped through edits. */
function lineField(effect: typeof setErrorLine) {
  return StateField.define<number | null>({
    create: () => null,
    update(pos, tr) {
      let next = pos === null ? null : tr.changes.mapPos(pos);
      for (const e of tr.effects) {
        if (e.is(effect)) next = lineStart(tr.state, e.value);
      }
      return next;
    },
  });
}

function lineStart(state: EditorState, line: number | null): number | null {
  if (line === null || !Number.isInteger(line) || line < 1 || line > state.doc.lines) return null;
  return state.doc.line(line).from;
}

const errorLineField = lineField(setErrorLine);
const stepLineField = lineField(setStepLine);

function lineDecoration(field: StateField<number | null>, className: string): Extension {
  const deco = Decoration.line({ class: className });
  return EditorView.decorations.compute([field], (state): DecorationSet => {
    const pos = state.field(field);
    return pos === null ? Decoration.none : Decoration.set([deco.range(state.doc.lineAt(pos).from)]);
  });
}

/** The error marker's accessible name (in the UI language); the last value given wins. */
export const errorMarkerLabel = Facet.define<string, string>({
  combine: (values) => values[values.length - 1] ?? 'error on this line',
});

class ErrorMarker extends GutterMarker {
  constructor(private readonly label: string) {
    super();
  }

  override eq(other: GutterMarker): boolean {
    return other instanceof ErrorMarker && other.label === this.label;
  }

  override toDOM(): Node {
    const el = document.createElement('span');
    el.className = 'cm-error-marker';
    el.textContent = '●';
    el.setAttribute('aria-label', this.label);
    return el;
  }
}
const spacerMarker = new ErrorMarker('');

const errorGutter = gutter({
  class: 'cm-error-gutter',
  lineMarker(view, line) {
    const pos = view.state.field(errorLineField);
    return pos !== null && view.state.doc.lineAt(pos).from === line.from ? new ErrorMarker(view.state.facet(errorMarkerLabel)) : null;
  },
  lineMarkerChange: (update) =>
    update.startState.field(errorLineField) !== update.state.field(errorLineField) ||
    update.startState.facet(errorMarkerLabel) !== update.state.facet(errorMarkerLabel),
  initialSpacer: () => spacerMarker,
});

export function runMarkers(): Extension {
  return [
    errorLineField,
    stepLineField,
    errorGutter,
    lineDecoration(errorLineField, 'cm-error-line'),
    lineDecoration(stepLineField, 'cm-step-line'),
  ];
}
