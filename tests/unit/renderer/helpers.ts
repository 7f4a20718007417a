// Shared by the renderer tests: app states to save, open and compare.
import { compileNetwork, starterDocument, type OptimizerState, type TrainableModel } from '../../../src/core';
import type { AppState } from '../../../src/renderer/files/projectState';
import { defaultTrainSettings } from '../../../src/renderer/store/trainingStore';

/**
 * The starter network after a completed one-epoch run, weights from compileNetwork's `seed`.
 * optimizerOf (optional) may train the model a little first and returns the run's optimizer state.
 */
export function trainedState(seed: number, optimizerOf?: (model: TrainableModel) => OptimizerState): AppState {
  const doc = starterDocument();
  const model = compileNetwork(doc, { seed });
  const optimizerState = optimizerOf?.(model);
  return {
    doc,
    settings: defaultTrainSettings,
    run: {
      status: 'completed',
      history: [{ epoch: 1, trainLoss: 0.6, trainAccuracy: 0.7, valLoss: 0.65, valAccuracy: 0.6 }],
      params: model.getParams(),
      runConfig: { ...defaultTrainSettings, document: doc },
      ...(optimizerState && { optimizerState }),
    },
  };
}
