import { LANG_NAMES, LANGS, isLang } from '../i18n';
import { useT } from './useT';
import { chooseLang, useStore } from '../store';

/** The UI language (remembered for the next visit). */
export function LanguageSelect() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  return (
    <label className="lang-select">
      <span className="lang-label">{t.app.language}</span>{' '}
      <select data-testid="lang-select" value={lang} aria-label={t.app.language} onChange={(e) => isLang(e.target.value) && chooseLang(e.target.value)}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
