import type { ConfusionMatrix, EpochMetrics, TrainEvent } from '../../core/train/events';
import type { OptimizerState } from '../../core/optim/types';

export type TrainStatus = 'idle' | 'running' | 'completed' | 'stopped' | 'error' | 'crashed';

export type ProgressEvent = Extract<TrainEvent, { type: 'progress' }>;
export type StartedEvent = Extract<TrainEvent, { type: 'started' }>;

/** A message for the user: an i18n key and its interpolation params (translated at render time). */
export interface TrainMessage {
  key: string;
  params: Record<string, string | number>;
}

/** The part of the training slice that events change. */
export interface RunState {
  status: TrainStatus;
  /** Id of the current run; null between pressing Train and learning the id. */
  runId: number | null;
  /** Runs started before the current one: their late events are dropped. */
  staleRunIds: number[];
  started: StartedEvent | null;
  history: EpochMetrics[];
  progress: ProgressEvent | null;
  /** Latest trainable parameters (Model.getParams() order). */
  params: Float32Array[] | null;
  /** The optimizer's state at the end of the run (from the final snapshot), saved with the weights. */
  optimizerState: OptimizerState | null;
  message: TrainMessage | null;
  stopping: boolean;
  /** The confusion matrix of a classification run that ended on its own ('done'); not saved in projects. */
  confusion: ConfusionMatrix | null;
}

export const idleRun: RunState = {
  status: 'idle',
  runId: null,
  staleRunIds: [],
  started: null,
  history: [],
  progress: null,
  params: null,
  optimizerState: null,
  message: null,
  stopping: false,
  confusion: null,
};

/** A fresh run: curves cleared, previous run ids remembered as stale. */
export function beginRun(state: RunState): RunState {
  const stale = state.runId === null ? state.staleRunIds : [...state.staleRunIds, state.runId];
  return { ...idleRun, status: 'running', staleRunIds: stale.slice(-16) };
}

function belongs(state: RunState, runId: number): boolean {
  if (state.runId !== null) return runId === state.runId;
  return !state.staleRunIds.includes(runId);
}

/** Applies a batch of events (coalesced per animation frame) in order. Pure. */
export function applyTrainEvents(state: RunState, events: readonly TrainEvent[]): RunState {
  let s = state;
  for (const event of events) s = applyTrainEvent(s, event);
  return s;
}

export function applyTrainEvent(state: RunState, event: TrainEvent): RunState {
  if (state.status === 'idle' || !belongs(state, event.runId)) return state;
  const s: RunState = state.runId === null ? { ...state, runId: event.runId } : state;
  const running = s.status === 'running';
  switch (event.type) {
    case 'started':
      return running ? { ...s, started: event } : s;
    case 'progress':
      return running ? { ...s, progress: event } : s;
    case 'epoch': {
      if (!running) return s;
      const { type: _type, runId: _runId, ...metrics } = event;
      return { ...s, history: [...s.history, metrics] };
    }
    case 'snapshot':
      // A final snapshot may follow 'done'; it is still the run's weights (and brings the optimizer state).
      return { ...s, params: event.params, optimizerState: event.optimizerState ?? s.optimizerState };
    case 'done':
      if (!running) return s;
      return {
        ...s,
        // Early stopping is a normal end of training: the run counts as completed.
        status: event.reason === 'stopped' ? 'stopped' : 'completed',
        stopping: false,
        message: { key: `training.${event.reason}Message`, params: event.bestEpoch !== undefined ? { epoch: event.bestEpoch } : {} },
        confusion: event.confusion ?? null,
      };
    case 'error': {
      if (!running) return s;
      const params: Record<string, string | number> = { message: event.message };
      if (event.epoch !== undefined) params.epoch = event.epoch;
      if (event.step !== undefined) params.step = event.step;
      return { ...s, status: 'error', stopping: false, message: { key: `errors.${event.code}`, params } };
    }
    case 'crashed':
      if (!running) return s;
      return {
        ...s,
        status: 'crashed',
        stopping: false,
        message: { key: 'errors.crashed', params: { exitCode: event.exitCode ?? '—', signal: event.signal ?? '—' } },
      };
    default:
      return s;
  }
}
