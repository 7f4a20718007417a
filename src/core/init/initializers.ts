// Weight initializers. fanIn / fanOut: inputs and outputs of one unit (a Dense kernel (I, O) has
// fanIn = I, fanOut = O; a Conv2D kernel (kh, kw, C, Co) has fanIn = kh·kw·C, fanOut = kh·kw·Co, as in
// Keras). Normal draws are untruncated (PyTorch nn.init.*_normal_; Keras truncates its variance-scaling
// normals at 2σ). Every draw comes from the Rng passed in, so a seed gives the same weights.
//
// Defaults of every layer with parameters (Keras's, except PReLU's α; settable ones are the
// kernelInitializer / biasInitializer settings, see init/settings.ts; each layer file says the same):
//   Dense            kernel W (I, O): glorotUniform (fanIn I, fanOut O); bias: zeros
//   Conv2D           kernel (kh, kw, C, Co): glorotUniform (fanIn kh·kw·C, fanOut kh·kw·Co); bias: zeros
//   DepthwiseConv2D  depthwiseKernel (kh, kw, C, M): glorotUniform (fanIn kh·kw·C, fanOut kh·kw·M); bias: zeros
//   SeparableConv2D  depthwiseKernel: glorotUniform (kh·kw·C, kh·kw·M); pointwiseKernel (1, 1, C·M, F):
//                    glorotUniform (C·M, F) — both follow kernelInitializer; bias: zeros
//   SimpleRNN, LSTM, GRU
//                    kernel W (F, G·H): glorotUniform (fanIn F, fanOut G·H); recurrentKernel U (H, G·H):
//                    orthogonal rows (layers/recurrent.ts orthogonalRows; not a setting); bias: zeros —
//                    LSTM's forget-gate block then set to 1 whatever biasInitializer says (unit_forget_bias);
//                    GRU's (2, 3H) bias: both rows zeros
//   Embedding        embeddings (inputDim, D): uniform U(−0.05, 0.05) (kernelInitializer); no bias
//   BatchNorm        gamma 1, beta 0; movingMean 0, movingVariance 1 (not trainable) — fixed, no settings
//   PReLU            alpha: the alphaInit setting, 0.25 (PyTorch's nn.PReLU; Keras starts at 0)
// Input, Activation, Dropout, Flatten, Reshape, MaxPool2D, AvgPool2D, GlobalAvgPool2D, Add and Concat have none.

import type { Rng } from '../rng';
import type { FloatArray } from '../tensor/tensor';

export type InitializerKind =
  | 'zeros'
  | 'constant'
  | 'normal'
  | 'uniform'
  | 'glorotNormal'
  | 'glorotUniform'
  | 'heNormal'
  | 'heUniform'
  | 'lecunNormal'
  | 'lecunUniform';

export const INITIALIZERS: readonly InitializerKind[] = [
  'zeros', 'constant', 'normal', 'uniform', 'glorotNormal', 'glorotUniform', 'heNormal', 'heUniform', 'lecunNormal', 'lecunUniform',
];

/** Parameters of the initializers that take one (missing ones use these defaults). */
export interface InitializerParams {
  /** constant: the value (default 0, Keras Constant). */
  value?: number;
  /** normal: the standard deviation σ (default 0.01, the course's "small random numbers"; σ = 1 saturates sigmoids). */
  stddev?: number;
  /** uniform: the limit l of U(−l, l) (default 0.05, Keras RandomUniform). */
  limit?: number;
}

export const INIT_DEFAULTS = { value: 0, stddev: 0.01, limit: 0.05 } as const;

/**
 * Fills `w` in place:
 * - zeros: w = 0
 * - constant(v): w = v
 * - normal(σ): w ~ N(0, σ²)
 * - uniform(l): w ~ U(−l, l)                                    (variance l²/3)
 * - glorotNormal (Xavier normal): w ~ N(0, 2 / (fanIn + fanOut))
 * - glorotUniform (Xavier uniform): w ~ U(−l, l), l = √(6 / (fanIn + fanOut))   (Glorot & Bengio 2010)
 * - heNormal (Kaiming normal, fan_in, ReLU gain √2): w ~ N(0, 2 / fanIn)
 * - heUniform (Kaiming uniform): w ~ U(−l, l), l = √(6 / fanIn)                (He et al. 2015)
 * - lecunNormal: w ~ N(0, 1 / fanIn)
 * - lecunUniform: w ~ U(−l, l), l = √(3 / fanIn)                               (LeCun et al. 1998)
 * Glorot keeps the variance of activations and of gradients across tanh/sigmoid layers; He doubles it
 * to make up for ReLU zeroing half the units; LeCun (variance 1/fanIn) suits SELU / linear units.
 */
export function initialize(kind: InitializerKind, w: FloatArray, fanIn: number, fanOut: number, rng: Rng, params: InitializerParams = {}): void {
  switch (kind) {
    case 'zeros':
      return void w.fill(0);
    case 'constant':
      return void w.fill(params.value ?? INIT_DEFAULTS.value);
    case 'normal':
      return fillNormal(w, params.stddev ?? INIT_DEFAULTS.stddev, rng);
    case 'uniform':
      return fillUniform(w, params.limit ?? INIT_DEFAULTS.limit, rng);
    case 'glorotNormal':
      return fillNormal(w, Math.sqrt(2 / (fanIn + fanOut)), rng);
    case 'glorotUniform':
      return fillUniform(w, Math.sqrt(6 / (fanIn + fanOut)), rng);
    case 'heNormal':
      return fillNormal(w, Math.sqrt(2 / fanIn), rng);
    case 'heUniform':
      return fillUniform(w, Math.sqrt(6 / fanIn), rng);
    case 'lecunNormal':
      return fillNormal(w, Math.sqrt(1 / fanIn), rng);
    case 'lecunUniform':
      return fillUniform(w, Math.sqrt(3 / fanIn), rng);
  }
}

/** The variance each initializer aims for (0 for the constant ones): what the statistical tests check. */
export function initializerVariance(kind: InitializerKind, fanIn: number, fanOut: number, params: InitializerParams = {}): number {
  const uniformVar = (l: number) => (l * l) / 3;
  switch (kind) {
    case 'zeros':
    case 'constant':
      return 0;
    case 'normal':
      return (params.stddev ?? INIT_DEFAULTS.stddev) ** 2;
    case 'uniform':
      return uniformVar(params.limit ?? INIT_DEFAULTS.limit);
    case 'glorotNormal':
    case 'glorotUniform':
      return 2 / (fanIn + fanOut);
    case 'heNormal':
    case 'heUniform':
      return 2 / fanIn;
    case 'lecunNormal':
    case 'lecunUniform':
      return 1 / fanIn;
  }
}

function fillNormal(w: FloatArray, std: number, rng: Rng): void {
  for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, std);
}

function fillUniform(w: FloatArray, limit: number, rng: Rng): void {
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
}
