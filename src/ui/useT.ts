import { useStore } from '../store';
import { CATALOGS, type Messages } from '../i18n';

/** The message catalog of the store's current language. */
export function useT(): Messages {
  return useStore((s) => CATALOGS[s.lang]);
}
