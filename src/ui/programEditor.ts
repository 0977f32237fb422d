/**
 * The program editor itself (CodeMirror 6), without React: it writes every edit to the
 * store and follows the store for the program text (e.g. loaded from a link), the error
 * line, the line of the current step and the UI language. The React `Editor` component
 * hosts one; at start-up `earlyEditor` creates one before React has loaded, and the
 * component adopts it (`takeEarlyEditor`).
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import { currentLine, errorLine, mark, Marks, runProgram, useStore, type StoreState } from '../store';
import { errorMarkerLabel, runMarkers, setErrorLine, setStepLine } from './editorMarkers';
import { editorColors } from './editorTheme';
import { CATALOGS } from '../i18n';

export interface ProgramEditor {
  view: EditorView;
  /** Stops following the store and removes the editor. */
  destroy(): void;
}

/**
 * What the editor starts with: the parts of CodeMirror's basic setup that editing needs
 * (line numbers, undo, selections, the default keys), from the modules the editor itself is
 * made of. The rest (./editorSetup) replaces it once loaded; the history field is the same
 * in both, so edits made meanwhile can still be undone. Not `highlightSpecialChars`: its
 * Unicode pattern, compiled and run over the program, was a fifth of creating the editor
 * in a CPU profile, for characters a program rarely has; it comes with the rest.
 */
function coreSetup(): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    keymap.of([...defaultKeymap, ...historyKeymap]),
  ];
}

/** The full setup's chunk, loaded once per page. */
let fullSetup: Promise<Extension> | null = null;

function loadFullSetup(): Promise<Extension> {
  fullSetup ??= import('./editorSetup').then((m) => m.fullSetup);
  return fullSetup;
}

/**
 * Creates the editor in `parent`, on the store's program, and marks it usable. It starts
 * with the core setup and takes the full one once loaded, which starts when `fullSetupAfter`
 * settles (at start-up: once the first view is on screen; parsing Python's grammar tables
 * alone is a long task).
 */
export function createProgramEditor(parent: HTMLElement, fullSetupAfter: Promise<unknown> = Promise.resolve()): ProgramEditor {
  const initial = useStore.getState();
  const setup = new Compartment();
  // The accessible names follow the UI language.
  const labels = new Compartment();
  const labelsFor = (state: StoreState) => {
    const m = CATALOGS[state.lang].editor;
    return [EditorView.contentAttributes.of({ 'aria-label': m.label }), errorMarkerLabel.of(m.errorMarker)];
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: initial.source,
      extensions: [
        // Above basicSetup, whose keymap binds Mod-Enter to "insert blank line".
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (runProgram(), true) }])),
        setup.of(coreSetup()),
        runMarkers(),
        editorColors,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) useStore.getState().setSource(update.state.doc.toString());
        }),
        labels.of(labelsFor(initial)),
      ],
    }),
  });

  const sync = (state: StoreState, prev: StoreState | null) => {
    if (prev === null || state.source !== prev.source) {
      const doc = view.state.doc.toString();
      if (state.source !== doc) view.dispatch({ changes: { from: 0, to: doc.length, insert: state.source } });
    }
    const effects = [];
    const err = errorLine(state);
    if (prev === null || err !== errorLine(prev)) effects.push(setErrorLine.of(err));
    const step = currentLine(state);
    if (prev === null || step !== currentLine(prev)) effects.push(setStepLine.of(step));
    if (prev !== null && state.lang !== prev.lang) effects.push(labels.reconfigure(labelsFor(state)));
    if (effects.length > 0) view.dispatch({ effects });
  };
  sync(initial, null);
  mark(Marks.editor);
  const unsubscribe = useStore.subscribe((state, prev) => sync(state, prev));
  let destroyed = false;
  void fullSetupAfter
    .catch(() => undefined)
    .then(loadFullSetup)
    .then(
    (full) => {
      if (!destroyed) view.dispatch({ effects: setup.reconfigure(full) });
    },
    () => undefined, // the core setup stays: the editor works without highlighting
  );
  return {
    view,
    destroy() {
      destroyed = true;
      unsubscribe();
      view.destroy();
    },
  };
}

interface EarlyEditor {
  editor: ProgramEditor;
  /** Called once the editor is in its place in the app. */
  adopted: () => void;
}

let early: EarlyEditor | null = null;

/** Hands an editor created before React to the first `Editor` component that mounts. */
export function keepEarlyEditor(editor: ProgramEditor, adopted: () => void): void {
  early = { editor, adopted };
}

/** The editor created before React, once (then null). */
export function takeEarlyEditor(): EarlyEditor | null {
  const taken = early;
  early = null;
  return taken;
}
