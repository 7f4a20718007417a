import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n';
import { isLanguage, LANGUAGES } from '../i18n/language';
import { FileArea } from '../files/FileArea';

function Logo() {
  // Three woven threads: the "loom" of layers.
  return (
    <svg className="logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden>
      <circle cx="5" cy="6" r="2.2" />
      <circle cx="5" cy="18" r="2.2" />
      <circle cx="12" cy="12" r="2.2" />
      <circle cx="19" cy="6" r="2.2" />
      <circle cx="19" cy="18" r="2.2" />
      <path d="M5 6 L12 12 L19 6 M5 18 L12 12 L19 18 M5 6 L19 18 M5 18 L19 6" fill="none" strokeWidth="1.1" />
    </svg>
  );
}

export function Header() {
  const { t, i18n } = useTranslation();
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <span className="brand__name">{t('app.name')}</span>
        <span className="brand__tagline">{t('app.tagline')}</span>
      </div>
      <FileArea />
      <label className="language">
        <span className="language__label">{t('header.language')}</span>
        <select
          data-testid="language-select"
          value={i18n.resolvedLanguage ?? i18n.language}
          onChange={(e) => {
            if (isLanguage(e.target.value)) changeLanguage(e.target.value);
          }}
        >
          {LANGUAGES.map((lng) => (
            <option key={lng} value={lng}>
              {t(`languages.${lng}`)}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
