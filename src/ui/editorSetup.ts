/**
 * The editor's full set of extensions: CodeMirror's basic setup (autocompletion, search,
 * bracket matching and closing, folding, linting keys) and Python's grammar and highlighting
 * (in the page's colour tokens, ./editorTheme).
 * A chunk of its own, loaded once the editor is on screen: the editor accepts typing with
 * the lighter core set (./programEditor) while this, about a quarter of CodeMirror and the
 * Python parser, loads and compiles.
 */
import { basicSetup } from 'codemirror';
import { python } from '@codemirror/lang-python';
import { syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { codeHighlight } from './editorTheme';

// Ours, not basicSetup's default style (a fallback, used only when no other is given).
export const fullSetup: Extension = [basicSetup, python(), syntaxHighlighting(codeHighlight)];
