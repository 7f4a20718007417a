import { useTranslation } from 'react-i18next';
import { useAnalysis } from '../store/analysis';
import { useTrainingStore } from '../store/trainingStore';
import { formatCount } from '../format';

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const analysis = useAnalysis();
  const status = useTrainingStore((s) => s.status);
  const issues = analysis.issues.length;
  return (
    <footer className="status-bar">
      <span className="status-bar__item" data-testid="status-total-params" data-params={analysis.totalParams}>
        {t('statusBar.totalParams', { count: analysis.totalParams, n: formatCount(analysis.totalParams, i18n.language) })}
        {analysis.totalNonTrainableParams > 0 && ' '}
        {analysis.totalNonTrainableParams > 0 && (
          <span className="status-bar__muted" data-testid="status-non-trainable" data-params={analysis.totalNonTrainableParams}>
            {t('statusBar.nonTrainable', { n: formatCount(analysis.totalNonTrainableParams, i18n.language) })}
          </span>
        )}
      </span>
      <span
        className={`status-bar__item${issues > 0 ? ' status-bar__item--warn' : ' status-bar__item--ok'}`}
        data-testid="status-issues"
        data-issues={issues}
      >
        <span className="status-dot" aria-hidden />
        {issues > 0 ? t('statusBar.issues', { count: issues }) : t('statusBar.noIssues')}
      </span>
      <span className="status-bar__spacer" />
      <span className={`status-bar__item status-bar__item--${status}`}>
        {t('statusBar.training', { status: t(`training.status.${status}`) })}
      </span>
    </footer>
  );
}
