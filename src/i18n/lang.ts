/** The languages of the UI, and which one a browser asks for. No React, no store. */

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'en';

/** Where the chosen language is remembered between visits (the store, and the page's head script). */
export const LANG_STORAGE_KEY = 'refscope:lang';

/** Each language's name in itself, for the language picker. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '简体中文' };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The UI language for a list of BCP 47 tags in order of preference (`navigator.languages`):
 * the first English or Chinese one wins (any Chinese gets Simplified Chinese, the only
 * Chinese catalog); English (`DEFAULT_LANG`) when none matches. Self-contained: the page's
 * head script runs its source (ui/firstViewHead).
 */
export function matchLang(tags: readonly string[]): Lang {
  for (const tag of tags) {
    const t = tag.toLowerCase();
    if (t === 'en' || t.startsWith('en-')) return 'en';
    if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  }
  return 'en';
}

/** The browser's language (English outside a browser). */
export function browserLang(): Lang {
  if (typeof navigator === 'undefined') return DEFAULT_LANG;
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language ?? ''];
  return matchLang(tags);
}
