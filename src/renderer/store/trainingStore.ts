import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { DatasetConfig, DatasetKind, LossKind, OptimizerConfig, TrainConfig } from '../../core/train/config';
import { datasetWith, type DatasetPatch } from '../training/datasetChoice';
import type { TrainEvent } from '../../core/train/events';
import { applyTrainEvents, beginRun, idleRun, type RunState, type TrainMessage } from './trainingReducer';

/** Everything the user sets in the training panel (TrainConfig without the document). */
export type TrainSettings = Omit<TrainConfig, 'document'>;

export const defaultTrainSettings: TrainSettings = {
  dataset: { kind: 'xor', samples: 400, noise: 0.1, seed: 1 },
  loss: 'bce',
  optimizer: { kind: 'adam', learningRate: 0.03, momentum: 0.9 },
  batchSize: 16,
  epochs: 60,
  validationSplit: 0.2,
  seed: 1,
};

export interface TrainingState extends RunState {
  settings: TrainSettings;
  /** The config (with the document snapshot) of the current / last run. */
  runConfig: TrainConfig | null;
  /** The last config of each dataset kind chosen, so switching back restores its settings. */
  datasetMemory: Partial<Record<DatasetKind, DatasetConfig>>;

  setDataset(patch: DatasetPatch): void;
  setOptimizer(patch: Partial<OptimizerConfig>): void;
  setSettings(patch: Partial<Omit<TrainSettings, 'dataset' | 'optimizer'>>): void;
  setLoss(loss: LossKind): void;
  begin(config: TrainConfig): void;
  setRunId(runId: number): void;
  setStopping(): void;
  fail(message: TrainMessage): void;
  applyEvents(events: readonly TrainEvent[]): void;
}

export function createTrainingStore(settings: TrainSettings = defaultTrainSettings) {
  return createStore<TrainingState>()((set, get) => ({
    ...idleRun,
    settings,
    runConfig: null,
    datasetMemory: {},

    setDataset(patch) {
      set((s) => {
        const dataset = datasetWith(s.settings.dataset, patch, s.datasetMemory);
        return { settings: { ...s.settings, dataset }, datasetMemory: { ...s.datasetMemory, [s.settings.dataset.kind]: s.settings.dataset, [dataset.kind]: dataset } };
      });
    },
    setOptimizer(patch) {
      set((s) => ({ settings: { ...s.settings, optimizer: { ...s.settings.optimizer, ...patch } } }));
    },
    setSettings(patch) {
      set((s) => ({ settings: { ...s.settings, ...patch } }));
    },
    setLoss(loss) {
      set((s) => ({ settings: { ...s.settings, loss } }));
    },
    begin(config) {
      set((s) => ({ ...beginRun(s), runConfig: config }));
    },
    setRunId(runId) {
      const s = get();
      if (s.status === 'running' && s.runId === null) set({ runId });
    },
    setStopping() {
      if (get().status === 'running') set({ stopping: true });
    },
    fail(message) {
      set({ status: 'error', stopping: false, message });
    },
    applyEvents(events) {
      const s = get();
      const next = applyTrainEvents(s, events);
      if (next !== s) set(next);
    },
  }));
}

export const trainingStore = createTrainingStore();

export function useTrainingStore<T>(selector: (state: TrainingState) => T): T {
  return useStore(trainingStore, selector);
}
