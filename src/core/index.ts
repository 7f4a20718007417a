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
export { ACTIVATIONS, getActivation, erf, ELU_ALPHA, LEAKY_RELU_ALPHA, SHIFTED_RELU_SHIFT } from './activations';
export type { Activation, ActivationParams } from './activations';

// ---- tensors, randomness, init
export type { DType, FloatArray, Param } from './tensor/tensor';
export { allocate, shapeSize, trainableParams } from './tensor/tensor';
export { kernels, setKernels, jsKernels } from './tensor/kernels';
export type { ConvScratch, Kernels } from './tensor/kernels';
export type { AdagradHyper, AdamHyper, MomentumHyper, RmspropHyper, SgdHyper } from './tensor/optimizerKernels';
export { loadWasmKernels, createWasmKernels, createWasmWorkspace, workspaceOf, wasmKernelBytes, wasmSupport } from './tensor/wasmKernels';
export type { WasmKernels, WasmVariant, WasmWorkspace } from './tensor/wasmKernels';
export { window2D } from './tensor/convKernels';
export type { Window2D, Padding } from './tensor/convKernels';
export { Rng, deriveSeed } from './rng';
export { initialize, INITIALIZERS, INIT_DEFAULTS, initializerVariance } from './init/initializers';
export type { InitializerKind, InitializerParams } from './init/initializers';
export { initializerSettings, initializeFromSettings } from './init/settings';

// ---- data
export type { Dataset2D } from './data/datasets2d';
export { DATASET_KINDS, generateDataset } from './data/datasets2d';
export type { Dataset, DatasetSpec, DatasetTask, DatasetAssets } from './data/dataset';
export { ALL_DATASET_KINDS, datasetSpec, loadDataset, is2DConfig } from './data/dataset';
export { decodeMnist, MNIST_SIZE } from './data/mnist';
export { generateSines, SINES_PERIODS } from './data/sines';
export { loadIris, IRIS_SIZE } from './data/iris';
export { IRIS_CLASSES } from './data/irisData';

// ---- training config and events
export type { TrainConfig, DatasetConfig, DatasetKind, LossKind, OptimizerKind, OptimizerConfig } from './train/config';
export type { Dataset2DKind, Dataset2DConfig, MnistConfig, SinesConfig, IrisConfig } from './train/config';
export type { TrainEvent, EpochMetrics, ConfusionMatrix } from './train/events';

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
export type { Optimizer, OptimizerState, ParamRange, RmspropOptions } from './optim';

// ---- training
export { validateTrainConfig, lossesForTask } from './train/validate';
export type { TrainConfigIssue } from './train/validate';
export { createTrainingSession } from './train/session';
export type { TrainingSession, SessionOptions } from './train/session';
export { inProcessGradients, batchShards, shareInputs, splitsAcrossSamples } from './train/gradientEngine';
export type { GradientEngine, GradientEngineFactory, GradientEngineSpec } from './train/gradientEngine';
export { decisionGrid } from './train/decisionGrid';
export { fillTargets, countCorrect, gatherRows, regressionErrors } from './train/metrics';

// ---- summary, fixes, project files (docs/file-format.md)
export type { GraphFix } from './graph/analysis';
export { applyFix } from './graph/fixes';
export { summarizeGraph, formatSummary, formatBytes, groupDigits } from './graph/summary';
export type { ModelSummary, LayerSummary } from './graph/summary';
export * from './project';

// ---- training features, cross-validation, metrics and inspection hooks (train/features.ts, train/inspect.ts)
export { resolveBatchSize, trainStep, TrainingFeatures } from './train/features';
export type { StepOptions } from './train/features';
export { LR_SCHEDULES, learningRateAt } from './train/schedules';
export type { LrSchedule } from './train/schedules';
export { EarlyStopping } from './train/earlyStopping';
export type { EarlyStoppingConfig } from './train/earlyStopping';
export { addPenalties, penalty, isPenalized, l2Norm, globalGradNorm, clipGradNorm, clipGradValue } from './train/gradients';
export { crossValidate, meanAndStd } from './train/crossValidate';
export type { CrossValidationResult, FoldResult } from './train/crossValidate';
export { foldSplit } from './train/split';
export { accuracy, topKAccuracy, topKCorrect, countTopK, meanAbsoluteError, confusionMatrix, predictedClass } from './train/metrics';
export { activations, gradients, nodeGradients, getParameter, setParameter, parameterNames, numericalGradient } from './train/inspect';
export type { BatchGradients, NodeGradients } from './train/inspect';
