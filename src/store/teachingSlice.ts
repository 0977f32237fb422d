import { DEFAULT_EXAMPLE_ID } from '../examples/recordings';
import { browserLang, isLang, LANG_STORAGE_KEY, type Lang } from '../i18n/lang';
import type { SliceCreator, TeachingSlice } from './types';

function storedLang(): Lang | null {
  try {
    const value = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return isLang(value) ? value : null;
  } catch {
    return null;
  }
}

/** The language a page opens in: the one chosen last time, else the browser's. (A `lang` in the link wins over both.) */
export function initialLang(): Lang {
  return storedLang() ?? browserLang();
}

export const createTeachingSlice: SliceCreator<TeachingSlice> = (set) => ({
  lang: initialLang(),
  present: false,
  exampleId: DEFAULT_EXAMPLE_ID,
  setLang: (lang) => {
    set({ lang });
    try {
      globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // Private mode or no storage: the choice lasts for this page only.
    }
  },
  setPresent: (present) => set({ present }),
  setExampleId: (exampleId) => set({ exampleId }),
});
