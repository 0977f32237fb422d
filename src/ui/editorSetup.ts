/**
 * The editor's full set of extensions: CodeMirror's basic setup (autocompletion, search,
 * bracket matching and closing, folding, linting keys) and Python's grammar and highlighting.
 * A chunk of its own, loaded once the editor is on screen: the editor accepts typing with
 * the lighter core set (./programEditor) while this, about a quarter of CodeMirror and the
 * Python parser, loads and compiles.
 */
import { basicSetup } from 'codemirror';
import { python } from '@codemirror/lang-python';
import type { Extension } from '@codemirror/state';

export const fullSetup: Extension = [basicSetup, python()];
