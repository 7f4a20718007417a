import { useMemo, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_DATASET_KINDS, datasetSpec, formatShape, is2DConfig, lossesForTask, LOSSES, OPTIMIZERS, validateTrainConfig, type TrainConfigIssue } from '../../core';
import type { DatasetKind, LossKind, OptimizerKind } from '../../core/train/config';
import { chooseDataset } from './datasetActions';
import { useDocumentStore } from '../store/documentStore';
import { useAnalysis } from '../store/analysis';
import { trainingStore, useTrainingStore } from '../store/trainingStore';
import { graphIssueText, trainIssueText } from '../i18n/messages';
import { FixButton } from '../inspector/FixButton';
import { NumberField } from './NumberField';
import { startTraining, stopTraining } from './trainingController';

/** A NumberField whose id is also its test id; whole numbers step by 1. */
function Num(props: Omit<ComponentProps<typeof NumberField>, 'testId'>) {
  return <NumberField {...props} testId={props.id} step={props.step ?? (props.integer ? 1 : 'any')} />;
}

/** A labelled select of `options` (its id is also its test id). */
function SelectField<T extends string>({ id, label, value, options, optionLabel, onChange }: {
  id: string; label: string; value: T; options: readonly T[]; optionLabel(option: T): string; onChange(value: string): void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Dataset, loss, optimizer and schedule; Train / Stop and why training is not possible yet. */
export function TrainingPanel() {
  const { t } = useTranslation();
  const settings = useTrainingStore((s) => s.settings);
  const running = useTrainingStore((s) => s.status === 'running');
  const stopping = useTrainingStore((s) => s.stopping);
  const hasRun = useTrainingStore((s) => s.status !== 'idle');
  const doc = useDocumentStore((s) => s.doc);
  const analysis = useAnalysis();
  const store = trainingStore.getState();

  // Every reason comes from core: graph issues from analyzeGraph, the rest from validateTrainConfig.
  const reasons = useMemo(() => {
    const out: { text: string; issue?: TrainConfigIssue }[] = [];
    if (analysis.issues.length > 0) {
      out.push({ text: t('training.graphIssues', { count: analysis.issues.length, first: graphIssueText(t, analysis.issues[0]) }) });
    }
    for (const issue of validateTrainConfig({ ...settings, document: doc })) {
      if (issue.code === 'invalidGraph' && analysis.issues.length > 0) continue;
      out.push({ text: trainIssueText(t, issue), issue });
    }
    return out;
  }, [analysis, settings, doc, t]);

  const disabled = running || reasons.length > 0;
  const { dataset, optimizer } = settings;
  const spec = datasetSpec(dataset);

  return (
    <section className="training-panel" data-testid="training-panel">
      <div className="panel-title">{t('training.title')}</div>

      <fieldset disabled={running}>
        <legend>{t('training.data')}</legend>
        <SelectField id="dataset-kind" label={t('training.dataset')} value={dataset.kind} options={ALL_DATASET_KINDS}
          optionLabel={(kind) => t(`datasets.${kind}`)} onChange={(kind) => chooseDataset({ kind: kind as DatasetKind })} />
        {spec && (
          <div className="dataset-shape" data-testid="dataset-input-shape" data-shape={spec.inputShape.join(',')}>
            {t('training.datasetShape', {
              shape: formatShape(spec.inputShape),
              task: spec.task === 'multiclass' ? t('training.taskClasses', { count: spec.numClasses }) : t(`training.task.${spec.task}`),
            })}
          </div>
        )}
        {dataset.kind === 'sines' && (
          <>
            <div className="field-row">
              <Num id="sines-length" label={t('training.sinesLength')} value={dataset.length} min={2} max={200} integer onChange={(length) => chooseDataset({ length })} />
              <Num id="sines-horizon" label={t('training.sinesHorizon')} value={dataset.horizon} min={1} max={100} integer onChange={(horizon) => chooseDataset({ horizon })} />
            </div>
            <div className="field-row">
              <Num id="sines-count" label={t('training.sinesCount')} value={dataset.count} min={10} max={20000} step={100} integer onChange={(count) => chooseDataset({ count })} />
              <Num id="sines-noise" label={t('training.noise')} value={dataset.noise} min={0} max={1} step={0.01} onChange={(noise) => chooseDataset({ noise })} />
            </div>
          </>
        )}
        {is2DConfig(dataset) && (
          <>
            <div className="field-row">
              <Num id="dataset-samples" label={t('training.samples')} value={dataset.samples} min={50} max={2000} step={50} integer onChange={(samples) => store.setDataset({ samples })} />
              <Num id="dataset-seed" label={t('training.seed')} value={dataset.seed} integer onChange={(seed) => store.setDataset({ seed })} />
            </div>
            <div className="field">
              <label htmlFor="dataset-noise">{t('training.noise')}</label>
              <div className="slider-with-number">
                <input
                  type="range"
                  aria-label={t('training.noise')}
                  min={0}
                  max={1}
                  step={0.05}
                  value={dataset.noise}
                  onChange={(e) => store.setDataset({ noise: Number(e.target.value) })}
                />
                <input
                  id="dataset-noise"
                  data-testid="dataset-noise"
                  type="number"
                  min={0}
                  max={1}
                  step={0.05}
                  value={dataset.noise}
                  onChange={(e) => {
                    if (e.target.value.trim() !== '' && Number.isFinite(Number(e.target.value))) {
                      store.setDataset({ noise: Number(e.target.value) });
                    }
                  }}
                />
              </div>
            </div>
          </>
        )}
      </fieldset>

      <fieldset disabled={running}>
        <legend>{t('training.model')}</legend>
        <SelectField id="loss-select" label={t('training.loss')} value={settings.loss}
          options={LOSSES.filter((loss) => !spec || lossesForTask(spec.task).includes(loss) || loss === settings.loss)}
          optionLabel={(loss) => t(`losses.${loss}`)} onChange={(loss) => store.setLoss(loss as LossKind)} />
        <SelectField id="optimizer-select" label={t('training.optimizer')} value={optimizer.kind} options={OPTIMIZERS}
          optionLabel={(kind) => t(`optimizers.${kind}`)} onChange={(kind) => store.setOptimizer({ kind: kind as OptimizerKind })} />
        <div className="field-row">
          <Num id="learning-rate" label={t('training.learningRate')} value={optimizer.learningRate} min={0} onChange={(learningRate) => store.setOptimizer({ learningRate })} />
          {(optimizer.kind === 'momentum' || optimizer.kind === 'nesterov') && (
            <Num id="momentum" label={t('training.momentum')} value={optimizer.momentum ?? 0.9} min={0} max={1} step={0.05} onChange={(momentum) => store.setOptimizer({ momentum })} />
          )}
        </div>
      </fieldset>

      <fieldset disabled={running}>
        <legend>{t('training.schedule')}</legend>
        <div className="field-row">
          {/* batchSize 'all' / 0: the whole training set (core) */}
          <Num id="batch-size" label={t('training.batchSize')} value={settings.batchSize === 'all' ? 0 : settings.batchSize} min={1} integer onChange={(batchSize) => store.setSettings({ batchSize })} />
          <Num id="epochs" label={t('training.epochs')} value={settings.epochs} min={1} integer onChange={(epochs) => store.setSettings({ epochs })} />
        </div>
        <div className="field-row">
          <Num id="validation-split" label={t('training.validationSplit')} value={settings.validationSplit} min={0} max={0.9} step={0.05} disabled={spec?.fixedSplit}
            onChange={(validationSplit) => store.setSettings({ validationSplit })} />
          <Num id="train-seed" label={t('training.seed')} value={settings.seed} integer onChange={(seed) => store.setSettings({ seed })} />
        </div>
      </fieldset>

      <div className="train-actions">
        <button
          type="button"
          className="button button--primary"
          data-testid="train-button"
          disabled={disabled}
          onClick={() => void startTraining()}
        >
          {hasRun && !running ? t('training.retrain') : t('training.train')}
        </button>
        {running && (
          <button
            type="button"
            className="button"
            data-testid="stop-button"
            disabled={stopping}
            onClick={() => void stopTraining()}
          >
            {stopping ? t('training.stopping') : t('training.stop')}
          </button>
        )}
      </div>
      {!running && reasons.length > 0 && (
        <div className="train-disabled" data-testid="train-disabled-reason" role="status">
          <strong>{t('training.cannotTrain')}</strong>
          <ul>
            {reasons.map((reason, i) => (
              <li key={i}>
                {reason.text}
                {reason.issue?.fix && <FixButton issue={reason.issue} testId={`train-fix-${reason.issue.code}`} />}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
