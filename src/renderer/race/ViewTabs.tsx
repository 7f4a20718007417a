import { useTranslation } from 'react-i18next';

export type MainView = 'network' | 'summary' | 'race';
const VIEWS: readonly MainView[] = ['network', 'summary', 'race'];

/** "Network | Model summary | Optimizer race": switches the main view. */
export function ViewTabs({ view, onChange }: { view: MainView; onChange(view: MainView): void }) {
  const { t } = useTranslation();
  return (
    <nav className="view-tabs" role="tablist" aria-label={t('race.tabs.label')}>
      {VIEWS.map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={view === v}
          className={`view-tab${view === v ? ' is-active' : ''}`}
          data-testid={`view-tab-${v}`}
          onClick={() => onChange(v)}
        >
          {t(`race.tabs.${v}`)}
        </button>
      ))}
    </nav>
  );
}
