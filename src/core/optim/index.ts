import type { OptimizerConfig, OptimizerKind } from '../train/config';
import { trainableParams, type Param } from '../tensor/tensor';
import { adagrad } from './adagrad';
import { adam, adamw } from './adam';
import { momentum, nesterov } from './momentum';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';
import type { Optimizer } from './types';

export type { Optimizer, OptimizerState, ParamRange } from './types';
export type { RmspropOptions } from './rmsprop';
export { sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw };

export const OPTIMIZERS: readonly OptimizerKind[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'];

/**
 * Builds the optimizer a config names over `params` (PyTorch defaults for missing fields). Parameters
 * marked trainable: false (BatchNorm running statistics) are left out: no update, no weight decay.
 */
export function createOptimizer(config: OptimizerConfig, allParams: readonly Param[]): Optimizer {
  const params = trainableParams(allParams);
  const lr = config.learningRate;
  const wd = config.weightDecay;
  switch (config.kind) {
    case 'sgd':
      return sgd(params, lr, wd ?? 0);
    case 'momentum':
      return momentum(params, lr, config.momentum ?? 0.9, wd ?? 0);
    case 'nesterov':
      return nesterov(params, lr, config.momentum ?? 0.9, wd ?? 0);
    case 'adagrad':
      return adagrad(params, lr, config.epsilon ?? 1e-10, wd ?? 0);
    case 'rmsprop':
      return rmsprop(params, lr, { alpha: config.alpha, eps: config.epsilon, momentum: config.momentum, centered: config.centered, weightDecay: wd });
    case 'adam':
      return adam(params, lr, config.beta1 ?? 0.9, config.beta2 ?? 0.999, config.epsilon ?? 1e-8, wd ?? 0);
    case 'adamw':
      return adamw(params, lr, config.beta1 ?? 0.9, config.beta2 ?? 0.999, config.epsilon ?? 1e-8, wd ?? 0.01);
  }
}
