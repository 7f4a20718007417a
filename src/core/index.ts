// Netloom's engine: the public API other parts import. Pure TypeScript (no DOM, no Node).

// ---- documents and analysis
export type { NetworkDocument, DocNode, DocEdge, Shape, LayerType } from './graph/document';
export type { GraphAnalysis, GraphIssue, GraphIssueCode } from './graph/analysis';
export { formatShape } from './graph/analysis';
export { analyzeGraph } from './graph/analyze';
export { starterDocument } from './graph/starter';

// ---- layers
export type { SettingSpec, LayerDefinition, LayerCategory, Layer, LayerContext, LayerSettings, ShapeResult } from './layers/types';
export { layerDefinitions, getLayerDefinition, defaultSettings } from './layers/registry';
export { settingApplies } from './layers/settings';
export { PADDINGS } from './layers/spatial';
export { ACTIVATIONS, getActivation, erf, LEAKY_RELU_ALPHA, SHIFTED_RELU_SHIFT } from './activations';
export type { Activation, ActivationParams } from './activations';

// ---- tensors, randomness, init
export type { DType, FloatArray, Param } from './tensor/tensor';
export { allocate, shapeSize } from './tensor/tensor';
export { kernels, setKernels, jsKernels } from './tensor/kernels';
export type { Kernels } from './tensor/kernels';
export { window2D } from './tensor/convKernels';
export type { Window2D, Padding } from './tensor/convKernels';
export { Rng, deriveSeed } from './rng';
export { initialize, INITIALIZERS } from './init/initializers';
export type { InitializerKind } from './init/initializers';

// ---- data
export type { Dataset2D } from './data/datasets2d';
export { DATASET_KINDS, generateDataset } from './data/datasets2d';

// ---- training config and events
export type { TrainConfig, DatasetConfig, DatasetKind, LossKind, OptimizerKind, OptimizerConfig } from './train/config';
export type { TrainEvent, EpochMetrics } from './train/events';

// ---- engine: compile, execute, losses, optimizers
export type { Model, TrainableModel, ModelNode } from './graph/model';
export { CompiledModel } from './graph/model';
export { compileNetwork } from './graph/compile';
export type { CompileOptions } from './graph/compile';
export {
  getLoss, LOSSES, BCE_EPS, HUBER_DELTA, FUSED_ACTIVATION, targetsPerSample,
  mse, mae, rmse, huber, bce, bceWithLogits, categoricalCrossEntropy, softmaxCrossEntropy, sparseCategoricalCrossEntropy,
} from './losses';
export type { LossFn } from './losses';
export { createOptimizer, OPTIMIZERS, sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw } from './optim';
export type { Optimizer, RmspropOptions } from './optim';

// ---- training
export { validateTrainConfig } from './train/validate';
export type { TrainConfigIssue } from './train/validate';
export { createTrainingSession } from './train/session';
export type { TrainingSession } from './train/session';
export { decisionGrid } from './train/decisionGrid';
export { fillTargets, countCorrect } from './train/metrics';
