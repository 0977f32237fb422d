/**
 * Message catalogs: English (the reference) and Simplified Chinese, both of type `Messages`.
 * Components read the current catalog with `useT()` (./useT); code outside React with
 * `messagesFor(lang)`.
 */
import { en, type Messages } from './en';
import type { Lang } from './lang';
import { zhCN } from './zh-CN';

export type { Messages } from './en';
export { browserLang, DEFAULT_LANG, isLang, LANG_NAMES, LANGS, matchLang, type Lang } from './lang';

export const CATALOGS: Record<Lang, Messages> = { en, 'zh-CN': zhCN };

export function messagesFor(lang: Lang): Messages {
  return CATALOGS[lang];
}
