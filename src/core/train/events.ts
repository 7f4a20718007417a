// Events a training session produces. They cross process boundaries as structured clones
// (Electron utilityProcess / child_process with 'advanced' serialization) or as JSON
// (the browser build's event stream), so they hold plain data and typed arrays only.

export interface EpochMetrics {
  epoch: number; // 1-based
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null; // null when validationSplit is 0
  valAccuracy: number | null;
}

export type TrainEvent =
  | {
      type: 'started';
      runId: number;
      epochs: number;
      stepsPerEpoch: number;
      trainSize: number;
      valSize: number;
    }
  | {
      type: 'progress';
      runId: number;
      epoch: number; // 1-based, the epoch in progress
      step: number; // global step count done so far
      totalSteps: number;
      samplesPerSecond: number;
      etaSeconds: number;
      /** Loss of the last mini-batch. */
      batchLoss: number;
    }
  | ({ type: 'epoch'; runId: number } & EpochMetrics)
  | {
      type: 'snapshot';
      runId: number;
      /** Trainable parameters in the order of Model.getParams(). */
      params: Float32Array[];
    }
  | {
      type: 'done';
      runId: number;
      reason: 'completed' | 'stopped';
      final: EpochMetrics | null;
    }
  | {
      type: 'error';
      runId: number;
      code: 'diverged' | 'invalidConfig' | 'internal';
      message: string;
      epoch?: number;
      step?: number;
    }
  /** Emitted by the host, not the session: the training process died. */
  | {
      type: 'crashed';
      runId: number;
      exitCode: number | null;
      signal: string | null;
    };
