// The race as one plain, serializable object: everything needed to reproduce a race
// (function, window, start, optimizers and their hyperparameters, rules, display options).
// Project files (issue 4) can store it as is; playback position is not part of it.
import { OPTIMIZERS, type OptimizerConfig, type OptimizerKind } from '../../core';
import type { Domain } from '../../core/landscape';

export type HyperKey = 'learningRate' | 'momentum' | 'alpha' | 'beta1' | 'beta2' | 'epsilon' | 'weightDecay';

export interface OptimizerSettings {
  enabled: boolean;
  learningRate: number;
  momentum: number;
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

export interface RaceSettings {
  version: 1;
  /** A built-in surface id, or 'custom'. */
  surface: string;
  custom: { expression: string; domain: Domain };
  start: { x: number; y: number };
  /** Updates per optimizer. */
  steps: number;
  /** Stopping rule |∂f/∂x| ≤ tol and |∂f/∂y| ≤ tol (the course uses 0.2). */
  tolerance: number;
  textbook: { enabled: boolean; decimals: number };
  logScale: boolean;
  optimizers: Record<OptimizerKind, OptimizerSettings>;
}

/** Which hyperparameters each optimizer shows (PyTorch's names for them). */
export const HYPERPARAMETERS: Record<OptimizerKind, readonly HyperKey[]> = {
  sgd: ['learningRate'],
  momentum: ['learningRate', 'momentum'],
  nesterov: ['learningRate', 'momentum'],
  adagrad: ['learningRate', 'epsilon'],
  rmsprop: ['learningRate', 'alpha', 'momentum', 'epsilon'],
  adam: ['learningRate', 'beta1', 'beta2', 'epsilon'],
  adamw: ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay'],
};

/** Trail colours: distinct on the blue surface and on white. */
export const OPTIMIZER_COLORS: Record<OptimizerKind, string> = {
  sgd: '#f03e3e',
  momentum: '#fd7e14',
  nesterov: '#fab005',
  adagrad: '#37b24d',
  rmsprop: '#ae3ec9',
  adam: '#e64980',
  adamw: '#1098ad',
};

const base = { enabled: true, momentum: 0, alpha: 0.99, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };

/**
 * PyTorch defaults (torch.optim.*): lr 1e-3 for SGD and Adam(W), 1e-2 for AdaGrad and RMSprop;
 * momentum 0.9 for the momentum variants (PyTorch's SGD default is 0, which is plain SGD);
 * AdaGrad ε 1e-10; AdamW weight decay 0.01.
 */
export function defaultOptimizerSettings(): Record<OptimizerKind, OptimizerSettings> {
  return {
    sgd: { ...base, learningRate: 1e-3 },
    momentum: { ...base, learningRate: 1e-3, momentum: 0.9 },
    nesterov: { ...base, learningRate: 1e-3, momentum: 0.9 },
    adagrad: { ...base, learningRate: 1e-2, epsilon: 1e-10 },
    rmsprop: { ...base, learningRate: 1e-2 },
    adam: { ...base, learningRate: 1e-3 },
    adamw: { ...base, learningRate: 1e-3, weightDecay: 0.01 },
  };
}

export function defaultRaceSettings(): RaceSettings {
  return {
    version: 1,
    surface: 'course',
    custom: { expression: 'x^2 + 3*y^2 + sin(2*x)', domain: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 } },
    start: { x: 4, y: 4 },
    steps: 200,
    tolerance: 0.2,
    textbook: { enabled: false, decimals: 2 },
    logScale: false,
    optimizers: defaultOptimizerSettings(),
  };
}

/** The core optimizer config an optimizer's settings describe. */
export function optimizerConfig(kind: OptimizerKind, s: OptimizerSettings): OptimizerConfig {
  const keys = HYPERPARAMETERS[kind];
  const config: OptimizerConfig = { kind, learningRate: s.learningRate };
  if (keys.includes('momentum')) config.momentum = s.momentum;
  if (keys.includes('alpha')) config.alpha = s.alpha;
  if (keys.includes('beta1')) config.beta1 = s.beta1;
  if (keys.includes('beta2')) config.beta2 = s.beta2;
  if (keys.includes('epsilon')) config.epsilon = s.epsilon;
  if (keys.includes('weightDecay')) config.weightDecay = s.weightDecay;
  return config;
}

export const RACE_OPTIMIZERS: readonly OptimizerKind[] = OPTIMIZERS;
