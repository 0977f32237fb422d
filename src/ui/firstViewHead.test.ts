// The page's head script (./firstViewHead) as the page runs it: its built text alone, with
// nothing of this module in scope, against a page's globals.
import { describe, expect, it } from 'vitest';
import { LANG_STORAGE_KEY, LANGS, matchLang } from '../i18n/lang';
import { firstViewHeadScript } from './firstViewHead';
import { EDITOR_COLUMNS, OUTPUT_ROW, PANES_HEAD, PANES_STORAGE_KEY, editorColumnsValue, outputRowValue } from './paneSizes';

interface Page {
  hash?: string;
  stored?: string | null;
  languages?: string[];
  storageThrows?: boolean;
  /** What the pane sizes' key holds. */
  panes?: string | null;
  /** The custom properties the script set on <html>, filled in. */
  style?: Record<string, string>;
}

/** Runs the built script against a fake page; returns the attributes it set on <html>. */
function run({ hash = '', stored = null, languages = ['en-US'], storageThrows = false, panes = null, style = {} }: Page): Record<string, string> {
  const attributes: Record<string, string> = {};
  const document = {
    documentElement: {
      setAttribute: (name: string, value: string) => (attributes[name] = value),
      style: { setProperty: (name: string, value: string) => (style[name] = value) },
    },
  };
  const localStorage = {
    getItem: (key: string) => {
      if (storageThrows) throw new Error('SecurityError');
      return key === LANG_STORAGE_KEY ? stored : key === PANES_STORAGE_KEY ? panes : null;
    },
  };
  const navigator = { languages, language: languages[0] };
  const script = firstViewHeadScript(LANGS, matchLang, LANG_STORAGE_KEY, PANES_HEAD);
  new Function('document', 'location', 'localStorage', 'navigator', script)(document, { hash }, localStorage, navigator);
  return attributes;
}

describe('first view head script', () => {
  it("picks the link's language, else the one chosen before, else the browser's", () => {
    expect(run({ languages: ['zh-TW', 'en'] })).toEqual({ 'data-lang': 'zh-CN' });
    expect(run({ languages: ['fr', 'de'] })).toEqual({ 'data-lang': 'en' });
    expect(run({ stored: 'zh-CN' })).toEqual({ 'data-lang': 'zh-CN' });
    expect(run({ stored: 'zh-CN', hash: '#lang=en' })).toEqual({ 'data-lang': 'en' });
    expect(run({ hash: '#lang=klingon', languages: ['zh-CN'] })).toEqual({ 'data-lang': 'zh-CN' });
    expect(run({ stored: 'xx', languages: ['zh'] })).toEqual({ 'data-lang': 'zh-CN' });
    expect(run({ storageThrows: true, languages: ['zh-CN'] })).toEqual({ 'data-lang': 'zh-CN' });
  });

  it('keeps the recording for the language and presentation mode, and turns it off for any other link', () => {
    expect(run({ hash: '#present=1&lang=zh-CN' })).toEqual({ 'data-lang': 'zh-CN' });
    for (const hash of ['#code=N4Ig', '#trace=x.refscope', '#tracez=abc', '#example=cycles', '#step=4', '#all=1', '#lang=en&run=1']) {
      expect(run({ hash })['data-first-view'], hash).toBe('off');
    }
  });

  it("takes a link's colour scheme for the first paint, keeping the recording, and nothing else as one", () => {
    expect(run({ hash: '#theme=dark' })).toEqual({ 'data-lang': 'en', 'data-theme': 'dark' });
    expect(run({ hash: '#lang=zh-CN&theme=light' })).toEqual({ 'data-lang': 'zh-CN', 'data-theme': 'light' });
    expect(run({ hash: '#theme=%22%3E%3Cscript%3E' })).toEqual({ 'data-lang': 'en' });
    expect(run({ hash: '#theme=blue' })).toEqual({ 'data-lang': 'en' });
  });

  it('puts back the pane sizes dragged on an earlier visit, and nothing that is not a size', () => {
    const style: Record<string, string> = {};
    const sizes = { [OUTPUT_ROW]: outputRowValue(120), [EDITOR_COLUMNS]: editorColumnsValue(0.5), '--other': '1px' };
    run({ panes: JSON.stringify(sizes), style });
    expect(style).toEqual({ [OUTPUT_ROW]: 'clamp(4rem, 120px, 70vh)', [EDITOR_COLUMNS]: 'minmax(14rem, 50%) minmax(0, 1fr)' });

    const refused: Record<string, string> = {};
    run({ panes: JSON.stringify({ [OUTPUT_ROW]: 'url(x);}body{display:none', [EDITOR_COLUMNS]: 7 }), style: refused });
    run({ panes: 'not json', style: refused });
    run({ panes: JSON.stringify(sizes), storageThrows: true, style: refused });
    expect(refused).toEqual({});
  });
});
