/**
 * The reader's own choices against the address: leaving presentation mode drops a link's
 * `present=`, picking a language overwrites a link's `lang=`, and the language is
 * remembered in localStorage when there is one, and quietly not when it throws.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseInspectView, chooseLang, setPresent, useStore } from './index';
import { freshStore } from '../../tests/unit/store';
import { initialLang } from './teachingSlice';
import { LANG_STORAGE_KEY } from '../i18n/lang';

/** A page address for Node: what `history.replaceState` writes, `location` reads. */
function fakeAddress(hash: string) {
  const loc = { pathname: '/app/', search: '?x=1', hash };
  const replaced: string[] = [];
  vi.stubGlobal('location', loc);
  vi.stubGlobal('history', {
    state: null,
    replaceState: (_: unknown, __: string, url: string) => {
      replaced.push(url);
      loc.hash = url.slice(url.indexOf('#') === -1 ? url.length : url.indexOf('#'));
    },
  });
  return { loc, replaced };
}

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

beforeEach(() => {
  freshStore();
  useStore.setState({ lang: 'en' });
});
afterEach(() => vi.unstubAllGlobals());

describe('the address follows the reader', () => {
  it("choosing the variables drops a link's view=heap, after which the address asks for no view; an address without one stays as it is", () => {
    const { loc } = fakeAddress('#code=abc&step=4&view=heap');
    useStore.setState({ inspectView: 'heap' });
    chooseInspectView('variables');
    expect(useStore.getState().inspectView).toBe('variables');
    expect(loc.hash).toBe('#code=abc&step=4');
    chooseInspectView('heap');
    expect(loc.hash).toBe('#code=abc&step=4');
    const plain = fakeAddress('#code=abc');
    chooseInspectView('heap');
    expect(useStore.getState().inspectView).toBe('heap');
    expect(plain.replaced).toEqual([]);
  });

  it('leaving presentation mode removes present=1 from the address', () => {
    const { loc, replaced } = fakeAddress('#code=abc&present=1&run=1');
    useStore.setState({ present: true });
    setPresent(false);
    expect(useStore.getState().present).toBe(false);
    expect(loc.hash).toBe('#code=abc&run=1');
    expect(replaced).toEqual(['/app/?x=1#code=abc&run=1']);
  });

  it('leaves an address without present= alone, and empties one that held only it', () => {
    const plain = fakeAddress('#code=abc');
    useStore.setState({ present: true });
    setPresent(false);
    expect(plain.replaced).toEqual([]);
    const only = fakeAddress('#present=1');
    useStore.setState({ present: true });
    setPresent(false);
    expect(only.replaced).toEqual(['/app/?x=1']);
  });

  it('a language picked by the reader overwrites the link`s lang=, and adds none otherwise', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    const linked = fakeAddress('#code=abc&lang=en&step=3');
    chooseLang('zh-CN');
    expect(useStore.getState().lang).toBe('zh-CN');
    expect(linked.loc.hash).toBe('#code=abc&lang=zh-CN&step=3');
    const plain = fakeAddress('#code=abc');
    chooseLang('en');
    expect(plain.replaced).toEqual([]);
  });
});

describe('the remembered language', () => {
  it('is stored when chosen and read on the next visit', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    vi.stubGlobal('navigator', { languages: ['en-US'], language: 'en-US' });
    expect(initialLang()).toBe('en');
    chooseLang('zh-CN');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('zh-CN');
    expect(initialLang()).toBe('zh-CN');
  });

  it('falls back to the browser`s language when storage throws (a sandboxed frame)', () => {
    const throwing = (): never => {
      throw new DOMException('denied', 'SecurityError');
    };
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: throwing });
    try {
      vi.stubGlobal('navigator', { languages: ['zh-TW'], language: 'zh-TW' });
      expect(initialLang()).toBe('zh-CN');
      expect(() => chooseLang('en')).not.toThrow();
      expect(useStore.getState().lang).toBe('en');
    } finally {
      Reflect.deleteProperty(globalThis, 'localStorage');
    }
  });
});
