// The page's head script (./firstViewHead) as the page runs it: its built text alone, with
// nothing of this module in scope, against a page's globals.
import { describe, expect, it } from 'vitest';
import { LANG_STORAGE_KEY, LANGS, matchLang } from '../i18n/lang';
import { firstViewHeadScript } from './firstViewHead';

interface Page {
  hash?: string;
  stored?: string | null;
  languages?: string[];
  storageThrows?: boolean;
}

/** Runs the built script against a fake page; returns the attributes it set on <html>. */
function run({ hash = '', stored = null, languages = ['en-US'], storageThrows = false }: Page): Record<string, string> {
  const attributes: Record<string, string> = {};
  const document = { documentElement: { setAttribute: (name: string, value: string) => (attributes[name] = value) } };
  const localStorage = {
    getItem: (key: string) => {
      if (storageThrows) throw new Error('SecurityError');
      return key === LANG_STORAGE_KEY ? stored : null;
    },
  };
  const navigator = { languages, language: languages[0] };
  const script = firstViewHeadScript(LANGS, matchLang, LANG_STORAGE_KEY);
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
});
