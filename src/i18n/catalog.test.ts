import { describe, expect, it } from 'vitest';
import type { RunError } from '../trace/types';
import { CATALOGS, LANGS, matchLang } from './index';

type Tree = { [key: string]: unknown };

/** Sample arguments for messages that take more than numbers. */
const SAMPLE_ARGS: Record<string, unknown[]> = {
  'error.format': [{ type: 'NameError', message: "name 'a' is not defined", line: 3, traceback: [] } satisfies RunError],
  'narration.list': [['a', 'b'], 2],
  'narration.sentence': ['@1', ['x', 'y']],
  'narration.where': [5, 'test', false],
  'narration.created': ['object #1', '0x01733178', 1],
  'narration.bound': ['a', 'int #1', 'immortal'],
  'narration.destroyed': ['object #1', '0x01733178'],
  'narration.ended': ['test', 'returned'],
  'narration.temporaries': [9, 10],
  'narration.destroyedBlock': ['Son #2', '0x01733178', '…'],
  'narration.blockOf': ['Son #2', '…'],
  'narration.block.next': ['0x01733178', 184, { kind: 'object', label: 'Son #3', step: 13, line: 11 }],
  'narration.block.short': [{ kind: 'allocation', bytes: 184, step: 13, line: 11 }],
  'narration.block.whyNot': ['Son #2', '0x01733178', 184, { kind: 'sizes', need: 176 }],
  'blockHistory.event': [{ kind: 'merged', bytes: 368, step: 13, line: 11 }],
  'objects.caption': [3, 10, false, 'Address', true],
  'tooltip.streamAt': ['stdout', 3, 7],
  'tooltip.where': [3, 7],
  'bytecode.code': ['test', 4],
  'refcountNote': ['3.14.2', true],
  'steps.sliderValue': [4, 2],
  'status.ready': ['3.14.2'],
  'timeline.summary': [5, 2, 40, 3],
  'timeline.active': ['object #4', 'object', '0x1f00', 'line 2, step 15', 'line 3, step 16', 'object #3', 4, 74],
  'run.runTitle': ['Ctrl'],
};

/** Every leaf of a catalog as [dotted path, rendered text]; functions are called with sample arguments. */
function leaves(tree: Tree, prefix = ''): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.push([path, value]);
    else if (typeof value === 'function') {
      const made = (value as (...a: unknown[]) => unknown)(...(SAMPLE_ARGS[path] ?? [2, 3, 4, 5, 6]));
      // A function may make a structure of texts (keys.groups): its leaves, each checked.
      if (made && typeof made === 'object') out.push(...leaves(made as Tree, path));
      else out.push([path, String(made)]);
    } else if (value && typeof value === 'object') out.push(...leaves(value as Tree, path));
    else out.push([path, `<${typeof value}>`]);
  }
  return out;
}

/** Texts that read the same in both languages. */
const SAME_IN_BOTH = new Set([
  'app.title',
  'timeline.marks.finalized',
  'tooltip.finalized',
  'objects.id',
  'narration.printed',
  'timeline.moreTypes',
  'refcount',
  // The tag names the function print itself.
  'objects.outputPathTag',
  // A format's name.
  'share.saveTraceJson',
  // The key that opens the list of keys.
  'keys.button',
]);
/** The keys' names in the list of shortcuts (keys.groups.G.rows.R.0.K): mostly arrows and key caps, the same in both. */
const KEY_NAME = /^keys\.groups\.\d+\.rows\.\d+\.0\.\d+$/;

describe('message catalogs', () => {
  const en = leaves(CATALOGS.en as unknown as Tree);

  it.each(LANGS)('%s has every key of the English catalog, each a non-empty text', (lang) => {
    const other = leaves(CATALOGS[lang] as unknown as Tree);
    expect(other.map(([path]) => path).sort()).toEqual(en.map(([path]) => path).sort());
    for (const [path, text] of other) {
      expect(text.trim(), path).not.toBe('');
      expect(text, path).not.toMatch(/undefined|NaN|\[object Object\]|<\w+>/);
    }
  });

  it('translates the Chinese catalog (not left in English)', () => {
    const zh = new Map(leaves(CATALOGS['zh-CN'] as unknown as Tree));
    const untranslated = en.filter(([path, text]) => zh.get(path) === text && !SAME_IN_BOTH.has(path) && !KEY_NAME.test(path) && path !== 'lang');
    expect(untranslated.map(([path]) => path)).toEqual([]);
    for (const [path, text] of zh) {
      if (!SAME_IN_BOTH.has(path) && !KEY_NAME.test(path) && /[A-Za-z]{3}/.test(text) && !/[\u4e00-\u9fff]/.test(text)) {
        // English-looking text is fine only where it is code (getrefcount, __del__…) or a name.
        expect(path, text).toMatch(/^(lang|app\.title|narration\.(where|printed|blockOf)|timeline\.marks|tooltip\.finalized|objects\.id|bytecode\.(code)|status\.ready)/);
      }
    }
  });

  it('punctuates Chinese text with Chinese punctuation', () => {
    // An ASCII full stop, comma, colon, semicolon, question mark or bracket touching a Chinese
    // character reads as a typo ("当前行."); code and numbers keep theirs.
    const cjk = '[\\u4e00-\\u9fff]';
    const ascii = new RegExp(`${cjk}[.,:;!?()]|[,:;!?(]${cjk}|[(]\\s*${cjk}`);
    const wrong = leaves(CATALOGS['zh-CN'] as unknown as Tree).filter(([, text]) => ascii.test(text));
    expect(wrong).toEqual([]);
  });

  it('reads the browser language', () => {
    expect(matchLang(['zh-CN', 'en'])).toBe('zh-CN');
    expect(matchLang(['zh-TW'])).toBe('zh-CN');
    expect(matchLang(['fr-FR', 'en-GB'])).toBe('en');
    expect(matchLang(['de'])).toBe('en');
    expect(matchLang([])).toBe('en');
  });

  it('renders immortal refcounts as words', () => {
    expect(CATALOGS.en.refcount(1879048192)).toBe('immortal');
    expect(CATALOGS['zh-CN'].refcount(1879048192)).toBe('永生');
    expect(CATALOGS.en.refcount(2)).toBe('2');
    // The immortal mark starts exactly at CPython's 2^30 (trace/query's IMMORTAL_REFCOUNT).
    expect(CATALOGS.en.refcount(2 ** 30 - 1)).toBe(String(2 ** 30 - 1));
    expect(CATALOGS.en.refcount(2 ** 30)).toBe('immortal');
    expect(CATALOGS.en.variables.refcount(null)).toBe('refcount —');
  });
});
