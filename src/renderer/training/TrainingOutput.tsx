import { useTranslation } from 'react-i18next';
import { useTrainingStore } from '../store/trainingStore';
import { messageText } from '../i18n/messages';
import { formatCount, formatDuration, formatMetric, formatPercent } from '../format';
import { confusionTableData } from './confusionTable';
import { DecisionBoundary } from './DecisionBoundary';
import { datasetView } from './DatasetViews';
import { LossChart } from './LossChart';

function StatusPill() {
  const { t } = useTranslation();
  const status = useTrainingStore((s) => s.status);
  return (
    <span className={`status-pill status-pill--${status}`} data-testid="training-status" data-status={status}>
      {t(`training.status.${status}`)}
    </span>
  );
}

function Message() {
  const { t } = useTranslation();
  const message = useTrainingStore((s) => s.message);
  const status = useTrainingStore((s) => s.status);
  if (!message) return null;
  const tone = status === 'error' || status === 'crashed' ? 'error' : 'info';
  return (
    <div className={`training-message training-message--${tone}`} data-testid="training-message" role={tone === 'error' ? 'alert' : 'status'}>
      {messageText(t, message)}
    </div>
  );
}

/** Epoch x / y, samples/s and ETA. Re-renders per flushed progress event, nothing else does. */
function Progress() {
  const { t, i18n } = useTranslation();
  const progress = useTrainingStore((s) => s.progress);
  const epochs = useTrainingStore((s) => s.runConfig?.epochs ?? s.settings.epochs);
  const lastEpoch = useTrainingStore((s) => (s.history.length > 0 ? s.history[s.history.length - 1].epoch : 0));
  const status = useTrainingStore((s) => s.status);
  const epoch = progress ? Math.max(progress.epoch, lastEpoch) : lastEpoch;
  const fraction =
    status === 'completed' ? 1 : progress && progress.totalSteps > 0 ? progress.step / progress.totalSteps : lastEpoch / Math.max(1, epochs);
  return (
    <div className="progress">
      <div
        className="progress__bar"
        data-testid="progress-bar"
        data-epoch={epoch}
        data-epochs={epochs}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div className="progress__fill" style={{ width: `${Math.min(100, fraction * 100)}%` }} />
      </div>
      <div className="progress__meta">
        <span data-testid="progress-text">{t('training.epochOf', { epoch, epochs })}</span>
        <span data-testid="samples-per-second">
          {t('training.samplesPerSecond', {
            value: progress ? formatCount(Math.round(progress.samplesPerSecond), i18n.language) : '—',
          })}
        </span>
        <span data-testid="eta">
          {progress && status === 'running' ? t('training.eta', { value: formatDuration(progress.etaSeconds) }) : t('training.etaUnknown')}
        </span>
      </div>
    </div>
  );
}

function Metric({ testId, label, value, percent }: { testId: string; label: string; value: number | null | undefined; percent?: boolean }) {
  return (
    <div className="metric" data-testid={testId} data-value={value ?? ''}>
      <div className="metric__label">{label}</div>
      <div className="metric__value">{percent ? formatPercent(value) : formatMetric(value)}</div>
    </div>
  );
}

function Metrics() {
  const { t } = useTranslation();
  const last = useTrainingStore((s) => (s.history.length > 0 ? s.history[s.history.length - 1] : null));
  // A fixed test split (MNIST) reports test metrics in the val* fields.
  const test = useTrainingStore((s) => s.started?.valSet === 'test');
  const regression = last?.trainMse !== undefined;
  return (
    <div className="metrics">
      <Metric testId="metric-train-loss" label={t('training.trainLoss')} value={last?.trainLoss} />
      <Metric testId="metric-val-loss" label={t(test ? 'training.testLoss' : 'training.valLoss')} value={last?.valLoss} />
      {regression ? (
        <>
          <Metric testId="metric-val-mse" label={t('training.valMse')} value={last?.valMse} />
          <Metric testId="metric-val-mae" label={t('training.valMae')} value={last?.valMae} />
        </>
      ) : (
        <>
          <Metric testId="metric-train-accuracy" label={t('training.trainAccuracy')} value={last?.trainAccuracy} percent />
          <Metric testId="metric-val-accuracy" label={t(test ? 'training.testAccuracy' : 'training.valAccuracy')} value={last?.valAccuracy} percent />
        </>
      )}
      <ConfusionTable />
    </div>
  );
}

/**
 * The confusion matrix a classification run reports when it ends on its own: rows the true class,
 * columns the predicted one (counts of the validation set, the test split, or the training set without one).
 */
function ConfusionTable() {
  const { t, i18n } = useTranslation();
  const confusion = useTrainingStore((s) => s.confusion);
  const test = useTrainingStore((s) => s.started?.valSet === 'test');
  if (!confusion) return null;
  const table = confusionTableData(confusion, test);
  return (
    <figure className="confusion" data-testid="confusion-matrix" data-set={table.set}>
      <figcaption className="metric__label" title={t('training.confusionAxes')}>
        {t('training.confusionMatrix')} · {t(`training.confusionOf.${table.set}`)}
      </figcaption>
      <table className="confusion__table">
        <thead>
          <tr>
            <th scope="col" title={t('training.confusionAxes')}>
              {t('training.confusionTrue')} ↓ · {t('training.confusionPredicted')} →
            </th>
            {table.rows.map((_, j) => (
              <th scope="col" key={j}>{j}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              <th scope="row">{i}</th>
              {row.map((cell, j) => (
                <td
                  key={j}
                  data-testid={`confusion-${i}-${j}`}
                  className={cell.tone === 'none' ? undefined : `confusion__${cell.tone}`}
                  title={formatPercent(cell.rowShare)}
                >
                  {formatCount(cell.count, i18n.language)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The decision boundary for the 2-D sets; another small view for the other datasets. */
function DataView() {
  const { t } = useTranslation();
  const kind = useTrainingStore((s) => s.settings.dataset.kind);
  const view = datasetView(kind);
  if (!view) {
    return (
      <>
        <div className="dock-title">{t('training.decisionBoundary')}</div>
        <DecisionBoundary />
      </>
    );
  }
  return (
    <>
      <div className="dock-title">{t(view.title)}</div>
      <view.View />
    </>
  );
}

/** The bottom dock: what the run is doing and what the network has learned. */
export function TrainingOutput() {
  const { t } = useTranslation();
  return (
    <section className="training-output" aria-label={t('training.output')}>
      <div className="training-output__boundary">
        <DataView />
      </div>
      <div className="training-output__main">
        <div className="training-output__head">
          <StatusPill />
          <Progress />
        </div>
        <Message />
        <div className="training-output__body">
          <LossChart />
          <Metrics />
        </div>
      </div>
    </section>
  );
}
