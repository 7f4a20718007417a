// What every layer type provides (ConvNetJS / tfjs-layers style): its settings, how many
// inputs it takes, its output shape and parameter count, and a factory for the runtime layer
// whose forward and backward sit side by side.

import type { Shape } from '../graph/document';
import type { Rng } from '../rng';
import type { DType, FloatArray, Param } from '../tensor/tensor';

export interface SettingSpec {
  key: string; // e.g. 'units', 'activation', 'rate', 'useBias', 'shape'
  kind: 'int' | 'float' | 'enum' | 'bool' | 'shape';
  default: number | string | boolean | number[];
  min?: number;
  max?: number;
  /** When true the value must be strictly below max (dropout rate < 1). */
  maxExclusive?: boolean;
  step?: number;
  options?: readonly string[]; // for 'enum'
  /** For 'shape': the exact number of entries (2 for kernelSize [h, w]). */
  length?: number;
  /** For 'shape': one entry may be −1, meaning "whatever makes the sizes match" (Reshape's targetShape). */
  allowInferred?: boolean;
  /**
   * The setting only applies when settings[when.key] is one of when.values (the Activation layer's
   * `alpha` only for leakyRelu). Otherwise it is left out of the defaults, not validated, and the
   * inspector should hide it (see settingApplies()). Two specs may share a key with disjoint
   * when.values, each with its own default and range (the Activation layer's `alpha`: 0.01 for
   * leakyRelu, 1 for elu).
   */
  when?: { key: string; values: readonly string[] };
}

export type LayerSettings = Record<string, unknown>;

/** Palette groups, in the order the palette shows them. */
export type LayerCategory = 'io' | 'core' | 'conv' | 'pooling' | 'normalization' | 'merge' | 'recurrent' | 'reshape' | 'regularization';

/** The answer of outputShape(): a shape, or why the inputs do not fit. */
export type ShapeResult =
  | { ok: true; shape: Shape }
  /**
   * The inputs do not fit. With `setting`, the fault is that setting's value for this input (a 5×5
   * kernel on a 3×3 input with 'valid' padding): reported as invalidSetting naming it, not shapeMismatch.
   */
  | { ok: false; expected: string; message: string; setting?: string };

export interface LayerContext {
  dtype: DType;
  /** Draws the initial weights. */
  initRng: Rng;
  /** Draws stochastic masks during training (dropout). */
  noiseRng: Rng;
  /** Prefix for parameter names, usually the node id. */
  name: string;
}

export interface LayerDefinition {
  type: string; // 'input' | 'dense' | 'conv2d' | 'maxPool2d' | …: the registry key
  /** English display name used in messages ('Dense'); the UI translates by type. */
  label: string;
  category: LayerCategory;
  settings: readonly SettingSpec[];
  minInputs: number;
  maxInputs: number;
  /** Output shape (no batch dimension) given the input shapes; settings are already valid. */
  outputShape(settings: LayerSettings, inputs: readonly Shape[]): ShapeResult;
  /** Trainable parameter count given valid settings and input shapes. */
  paramCount(settings: LayerSettings, inputs: readonly Shape[]): number;
  /**
   * Multiply-accumulate operations of one sample's forward pass (graph/summary.ts). Optional: without
   * it the summary estimates (parameters × output positions) and marks the figure as an estimate.
   */
  macs?(settings: LayerSettings, inputs: readonly Shape[], output: Shape): number;
  /** Parameters that are not trained by gradients (BatchNorm's moving mean/variance). Default 0. */
  nonTrainableParamCount?(settings: LayerSettings, inputs: readonly Shape[]): number;
  /** Builds the runtime layer (parameters initialized) for valid settings and shapes. */
  create(settings: LayerSettings, inputs: readonly Shape[], ctx: LayerContext): Layer;
}

/**
 * A runtime layer. Buffers are owned by the layer and reused from step to step; rows = batch.
 * forward returns the layer's own output buffer (valid until its next forward; it may be longer
 * than batch·outputSize). backward reads what the last forward cached.
 */
export interface Layer {
  /** Every parameter, trainable or not (Param.trainable), in save order. */
  readonly params: readonly Param[];
  /** The output nonlinearity, when the layer ends in one (used to fuse softmax with cross-entropy). */
  readonly activation?: string;
  /** xs: one buffer per input, in edge order (multi-input layers such as Add and Concat). */
  forward(xs: readonly FloatArray[], batch: number, training: boolean): FloatArray;
  /** dxs[k] += ∂L/∂xs[k] (null: not needed), parameter grads += ∂L/∂θ, given dy = ∂L/∂y. */
  backward(dy: FloatArray, dxs: readonly (FloatArray | null)[], batch: number): void;
  /** The pre-activation z of the last forward (layers that end in an activation). */
  preActivation?(): FloatArray;
  /** Like backward, but starting from dz = ∂L/∂z (skips the activation: fused softmax + cross-entropy). */
  backwardFromPreActivation?(dz: FloatArray, dxs: readonly (FloatArray | null)[], batch: number): void;
}
