// The race as one plain, serializable object: everything needed to reproduce a race
// (function, window, start, optimizers and their hyperparameters, rules, display options).
// Project files (issue 4) can store it as is; playback position is not part of it.
import { OPTIMIZERS, type OptimizerConfig, type OptimizerKind } from '../../core';
import { BUILTIN_SURFACE_IDS, type Domain } from '../../core/landscape';

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

/** Textbook rounding: how many decimals the Decimals field accepts, and a saved race may hold. */
export const TEXTBOOK_DECIMALS = { min: 0, max: 8 } as const;

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

/** Why a saved race cannot be used: a newer version, or a value at `path` of the wrong shape. */
export type RaceSettingsProblem = { kind: 'version'; version: string } | { kind: 'invalid'; path: string; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A race read back from a project (views.race), checked field by field: version 1, a known
 * surface, finite numbers in range. An optimizer missing from an older file takes its defaults.
 * Never throws.
 */
export function parseRaceSettings(raw: unknown): { ok: true; settings: RaceSettings } | { ok: false; problem: RaceSettingsProblem } {
  const bad = (path: string, reason: string) => ({ ok: false as const, problem: { kind: 'invalid' as const, path, reason } });
  if (!isRecord(raw)) return bad('', 'must be an object');
  if (raw.version !== 1) {
    if (typeof raw.version === 'number' && raw.version > 1) return { ok: false, problem: { kind: 'version', version: String(raw.version) } };
    return bad('version', 'must be 1');
  }
  const d = defaultRaceSettings();
  if (typeof raw.surface !== 'string' || !(raw.surface === 'custom' || (BUILTIN_SURFACE_IDS as readonly string[]).includes(raw.surface))) {
    return bad('surface', 'must be a known function or "custom"');
  }
  const custom = raw.custom;
  if (!isRecord(custom) || typeof custom.expression !== 'string' || custom.expression.length > 2000) return bad('custom.expression', 'must be text (at most 2000 characters)');
  const domain = custom.domain;
  if (!isRecord(domain) || !(['xMin', 'xMax', 'yMin', 'yMax'] as const).every((k) => isFiniteNumber(domain[k]))) return bad('custom.domain', 'must hold four finite numbers');
  if (!((domain.xMin as number) < (domain.xMax as number) && (domain.yMin as number) < (domain.yMax as number))) return bad('custom.domain', 'each minimum must be below its maximum');
  const start = raw.start;
  if (!isRecord(start) || !isFiniteNumber(start.x) || !isFiniteNumber(start.y)) return bad('start', 'must be a point of two finite numbers');
  if (!Number.isInteger(raw.steps) || (raw.steps as number) < 1 || (raw.steps as number) > 100_000) return bad('steps', 'must be a whole number from 1 to 100000');
  if (!isFiniteNumber(raw.tolerance) || raw.tolerance < 0) return bad('tolerance', 'must be a number ≥ 0');
  const textbook = raw.textbook;
  const { min, max } = TEXTBOOK_DECIMALS;
  if (!isRecord(textbook) || typeof textbook.enabled !== 'boolean' || !Number.isInteger(textbook.decimals) || (textbook.decimals as number) < min || (textbook.decimals as number) > max) {
    return bad('textbook', `must be { enabled: true|false, decimals: ${min}…${max} }`);
  }
  if (typeof raw.logScale !== 'boolean') return bad('logScale', 'must be true or false');
  if (!isRecord(raw.optimizers)) return bad('optimizers', 'must be an object');
  const optimizers = d.optimizers;
  for (const kind of RACE_OPTIMIZERS) {
    const o = raw.optimizers[kind];
    if (o === undefined) continue;
    if (!isRecord(o) || typeof o.enabled !== 'boolean') return bad(`optimizers.${kind}.enabled`, 'must be true or false');
    const next: OptimizerSettings = { ...optimizers[kind], enabled: o.enabled };
    for (const key of ['learningRate', 'momentum', 'alpha', 'beta1', 'beta2', 'epsilon', 'weightDecay'] as const) {
      if (!isFiniteNumber(o[key])) return bad(`optimizers.${kind}.${key}`, 'must be a finite number');
      next[key] = o[key] as number;
    }
    optimizers[kind] = next;
  }
  return {
    ok: true,
    settings: {
      version: 1,
      surface: raw.surface,
      custom: { expression: custom.expression, domain: { xMin: domain.xMin as number, xMax: domain.xMax as number, yMin: domain.yMin as number, yMax: domain.yMax as number } },
      start: { x: start.x, y: start.y },
      steps: raw.steps as number,
      tolerance: raw.tolerance,
      textbook: { enabled: textbook.enabled, decimals: textbook.decimals as number },
      logScale: raw.logScale,
      optimizers,
    },
  };
}
