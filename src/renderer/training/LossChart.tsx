import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochMetrics } from '../../core/train/events';
import { trainingStore, useTrainingStore } from '../store/trainingStore';

function toSeries(history: readonly EpochMetrics[]): uPlot.AlignedData {
  return [
    history.map((m) => m.epoch),
    history.map((m) => (Number.isFinite(m.trainLoss) ? m.trainLoss : null)),
    history.map((m) => (m.valLoss !== null && Number.isFinite(m.valLoss) ? m.valLoss : null)),
  ];
}

/** Train and validation loss per epoch (uPlot, updated in place from the store). */
export function LossChart() {
  const { t, i18n } = useTranslation();
  const hostRef = useRef<HTMLDivElement>(null);
  const first = useTrainingStore((s) => (s.history.length > 0 ? s.history[0].trainLoss : null));
  const last = useTrainingStore((s) => (s.history.length > 0 ? s.history[s.history.length - 1].trainLoss : null));
  const firstVal = useTrainingStore((s) => (s.history.length > 0 ? s.history[0].valLoss : null));
  const lastVal = useTrainingStore((s) => (s.history.length > 0 ? s.history[s.history.length - 1].valLoss : null));
  // A fixed test split (MNIST) is reported in the validation fields: name it what it is.
  const valLabel = useTrainingStore((s) => (s.started?.valSet === 'test' ? 'training.lossTest' : 'training.lossVal'));

  useEffect(() => {
    const host = hostRef.current!;
    const styles = getComputedStyle(document.documentElement);
    const trainColor = styles.getPropertyValue('--chart-train').trim() || '#2563eb';
    const valColor = styles.getPropertyValue('--chart-val').trim() || '#ea7a14';
    const axis: uPlot.Axis = {
      stroke: '#6b7280',
      grid: { stroke: 'rgba(120, 130, 150, 0.15)', width: 1 },
      ticks: { stroke: 'rgba(120, 130, 150, 0.25)', width: 1 },
      font: '11px system-ui, sans-serif',
    };
    const size = () => ({ width: Math.max(160, host.clientWidth), height: Math.max(120, host.clientHeight) });
    const plot = new uPlot(
      {
        ...size(),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [
          // Epochs are whole numbers: tick only at integers (1, 2, 5, 10, 20, 50, … apart).
          { ...axis, label: undefined, incrs: EPOCH_TICKS },
          { ...axis, size: 48 },
        ],
        series: [
          { label: t('hyper.epochs') },
          { label: t('training.lossTrain'), stroke: trainColor, width: 2 },
          { label: t(valLabel), stroke: valColor, width: 2, dash: [5, 4] },
        ],
      },
      toSeries(trainingStore.getState().history),
      host,
    );
    let frame = 0;
    const unsubscribe = trainingStore.subscribe((s, prev) => {
      if (s.history === prev.history || frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        plot.setData(toSeries(trainingStore.getState().history));
      });
    });
    const observer = new ResizeObserver(() => plot.setSize(size()));
    observer.observe(host);
    return () => {
      observer.disconnect();
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
      plot.destroy();
    };
    // Series labels are baked into the plot: rebuild it when the language changes.
  }, [t, i18n.language, valLabel]);

  return (
    <div
      className="loss-chart"
      data-testid="loss-chart"
      data-first-loss={first ?? ''}
      data-last-loss={last ?? ''}
      data-first-val-loss={firstVal ?? ''}
      data-last-val-loss={lastVal ?? ''}
    >
      <div className="loss-chart__legend">
        <span className="legend-swatch legend-swatch--train" />
        {t('training.lossTrain')}
        <span className="legend-swatch legend-swatch--val" />
        {t(valLabel)}
      </div>
      <div className="loss-chart__plot" ref={hostRef} />
      {first === null && <div className="loss-chart__empty">{t('training.noData')}</div>}
    </div>
  );
}

const EPOCH_TICKS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];
