import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { python } from '@codemirror/lang-python';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { currentLine, errorLine, mark, Marks, runProgram, useStore, type StoreState } from '../store';
import { errorMarkerLabel, runMarkers, setErrorLine, setStepLine } from './editorMarkers';
import { CATALOGS } from '../i18n';

/**
 * The program editor (CodeMirror 6). It writes every edit to the store and follows the
 * store for the program text (e.g. loaded from a link), the error line and the line of
 * the current step. Usable before Python has loaded.
 */
export function Editor() {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!host.current) return;
    const initial = useStore.getState();
    // The accessible names follow the UI language.
    const labels = new Compartment();
    const labelsFor = (state: StoreState) => {
      const m = CATALOGS[state.lang].editor;
      return [EditorView.contentAttributes.of({ 'aria-label': m.label }), errorMarkerLabel.of(m.errorMarker)];
    };
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial.source,
        extensions: [
          // Above basicSetup, whose keymap binds Mod-Enter to "insert blank line".
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (runProgram(), true) }])),
          basicSetup,
          python(),
          runMarkers(),
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
    return () => {
      unsubscribe();
      view.destroy();
    };
  }, []);

  return <div className="editor" ref={host} data-testid="editor" />;
}
