import { arctan } from './arctan';
import { elu, makeElu } from './elu';
import { gelu } from './gelu';
import { hardSigmoid } from './hardSigmoid';
import { leakyRelu, makeLeakyRelu } from './leakyRelu';
import { linear } from './linear';
import { relu } from './relu';
import { makeShiftedRelu, shiftedRelu } from './shiftedRelu';
import { sigmoid } from './sigmoid';
import { softmax } from './softmax';
import { softplus } from './softplus';
import { step } from './step';
import { swish } from './swish';
import { tanh } from './tanh';
import type { Activation } from './types';

export type { Activation } from './types';
export { erf } from './gelu';
export { ELU_ALPHA } from './elu';
export { LEAKY_RELU_ALPHA } from './leakyRelu';
export { SHIFTED_RELU_SHIFT } from './shiftedRelu';

const table: Record<string, Activation> = {
  linear, step, sigmoid, hardSigmoid, tanh, relu, leakyRelu, elu, shiftedRelu, swish, gelu, softplus, arctan, softmax,
};

/** Activation names, in the order the inspector lists them. */
export const ACTIVATIONS: readonly string[] = [
  'linear', 'step', 'sigmoid', 'hardSigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'shiftedRelu', 'swish', 'gelu',
  'softplus', 'arctan', 'softmax',
];

/** Settings of the parametrized activations (the Activation layer's `alpha` and `shift`). */
export interface ActivationParams {
  /** leakyRelu's negative slope (default 0.01); elu's scale α of the negative part (default 1). */
  alpha?: number;
  /** shiftedRelu's shift (default 1). */
  shift?: number;
}

/** The activation a name denotes (undefined when unknown); params tune leakyRelu, elu and shiftedRelu. */
export function getActivation(name: string, params: ActivationParams = {}): Activation | undefined {
  if (name === 'leakyRelu' && params.alpha !== undefined) return makeLeakyRelu(params.alpha);
  if (name === 'elu' && params.alpha !== undefined) return makeElu(params.alpha);
  if (name === 'shiftedRelu' && params.shift !== undefined) return makeShiftedRelu(params.shift);
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}
