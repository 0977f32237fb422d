/**
 * The editor's colours, as the page's colour tokens (app.css): one theme serves the light
 * scheme, the dark one and presentation mode, since each of them sets the tokens and the
 * editor only names them. CodeMirror's own base theme picks its light or dark colours from a
 * flag given when the editor is made; naming the tokens instead follows the page when the
 * system's scheme changes, or presentation mode starts, with no reconfiguration.
 */
import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/** The editor's chrome: ground, gutters, selection, cursor, the current line, panels and tooltips. */
export const editorColors = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--panel)' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-selectionBackground': { background: 'var(--code-selection)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground': { background: 'var(--code-selection-focused)' },
  '.cm-activeLine': { backgroundColor: 'var(--code-active-line)' },
  '.cm-gutters': { backgroundColor: 'var(--surface)', color: 'var(--muted)', borderColor: 'var(--border)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--surface-strong)' },
  '.cm-panels': { backgroundColor: 'var(--surface)', color: 'var(--text)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--control-border)' },
  '.cm-textfield': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--control-border)' },
  '.cm-button': { backgroundImage: 'none', backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--control-border)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--surface)', color: 'var(--muted)', border: '1px solid var(--border)' },
});

/** Python's highlighting, by the roles of CodeMirror's default style (its hues in the light scheme). */
export const codeHighlight = HighlightStyle.define([
  { tag: t.meta, color: 'var(--code-meta)' },
  { tag: t.keyword, color: 'var(--code-keyword)' },
  { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: 'var(--code-atom)' },
  { tag: [t.literal, t.inserted], color: 'var(--code-literal)' },
  { tag: [t.string, t.deleted], color: 'var(--code-string)' },
  { tag: [t.regexp, t.escape, t.special(t.string)], color: 'var(--code-escape)' },
  { tag: t.definition(t.variableName), color: 'var(--code-definition)' },
  { tag: t.local(t.variableName), color: 'var(--code-local)' },
  { tag: [t.typeName, t.namespace], color: 'var(--code-type)' },
  { tag: t.className, color: 'var(--code-class)' },
  { tag: [t.special(t.variableName), t.macroName], color: 'var(--code-special)' },
  { tag: t.definition(t.propertyName), color: 'var(--code-definition)' },
  { tag: t.comment, color: 'var(--code-comment)' },
  { tag: t.invalid, color: 'var(--danger)' },
]);
