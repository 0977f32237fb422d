import { useStore } from '../store';
import { CATALOGS, type Messages } from './index';

/** The message catalog of the store's current language. */
export function useT(): Messages {
  return useStore((s) => CATALOGS[s.lang]);
}
