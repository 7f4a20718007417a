import type { OptimizerConfig, OptimizerKind } from '../train/config';
import type { Param } from '../tensor/tensor';
import { adam } from './adam';
import { momentum } from './momentum';
import { sgd } from './sgd';
import type { Optimizer } from './types';

export type { Optimizer } from './types';
export { sgd, momentum, adam };

export const OPTIMIZERS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];

/** Builds the optimizer a config names over `params` (PyTorch defaults for missing fields). */
export function createOptimizer(config: OptimizerConfig, params: readonly Param[]): Optimizer {
  switch (config.kind) {
    case 'sgd':
      return sgd(params, config.learningRate);
    case 'momentum':
      return momentum(params, config.learningRate, config.momentum ?? 0.9);
    case 'adam':
      return adam(params, config.learningRate, config.beta1 ?? 0.9, config.beta2 ?? 0.999, config.epsilon ?? 1e-8);
  }
}
