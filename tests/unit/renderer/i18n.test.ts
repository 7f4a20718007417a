import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { ACTIVATIONS, ALL_DATASET_KINDS, DATASET_KINDS, layerDefinitions, LOSSES, OPTIMIZERS } from '../../../src/core';
import type { GraphIssueCode } from '../../../src/core/graph/analysis';
import type { LossKind, OptimizerKind } from '../../../src/core/train/config';
import type { TrainEvent } from '../../../src/core/train/events';
import type { TrainConfigIssue } from '../../../src/core';
import { en } from '../../../src/renderer/i18n/en';
import { ko } from '../../../src/renderer/i18n/ko';
import { initialLanguage } from '../../../src/renderer/i18n/language';

// `satisfies` makes tsc fail when core adds a code these lists do not name.
const ISSUE_CODES = Object.keys({
  cycle: 1, tooManyInputs: 1, missingInput: 1, tooFewInputs: 1, noInputNode: 1, multipleInputNodes: 1, noOutput: 1,
  multipleOutputs: 1, disconnected: 1, invalidSetting: 1, shapeMismatch: 1,
} satisfies Record<GraphIssueCode, 1>);
const TRAIN_ISSUE_CODES = Object.keys({
  invalidGraph: 1, inputShape: 1, lossOutputMismatch: 1, lossTask: 1, badHyperparameter: 1,
} satisfies Record<TrainConfigIssue['code'], 1>);
const ERROR_CODES = Object.keys({ diverged: 1, invalidConfig: 1, internal: 1 } satisfies Record<
  Extract<TrainEvent, { type: 'error' }>['code'],
  1
>);
const DONE_REASONS = Object.keys({ completed: 1, stopped: 1, earlyStopped: 1 } satisfies Record<
  Extract<TrainEvent, { type: 'done' }>['reason'],
  1
>);
const LOSS_KINDS = Object.keys({
  mse: 1, mae: 1, rmse: 1, huber: 1, bce: 1, bceWithLogits: 1, categoricalCrossEntropy: 1, softmaxCrossEntropy: 1,
  sparseCategoricalCrossEntropy: 1,
} satisfies Record<LossKind, 1>);
const OPTIMIZER_KINDS = Object.keys({
  sgd: 1, momentum: 1, nesterov: 1, adagrad: 1, rmsprop: 1, adam: 1, adamw: 1,
} satisfies Record<OptimizerKind, 1>);
const HYPER_NAMES = ['learningRate', 'batchSize', 'epochs', 'validationSplit', 'samples', 'noise', 'momentum', 'loss', 'optimizer', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'alpha', 'centered',
  'l1', 'l2', 'clipNorm', 'clipValue', 'lrSchedule', 'stepSize', 'gamma', 'tMax', 'etaMin', 'patience', 'minDelta', 'monitor', 'restoreBestWeights', 'topK', 'dtype', 'folds', 'fold',
  'length', 'horizon', 'count', 'dataset'];

function flatten(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv);
  }
  return out;
}

const enKeys = flatten(en);
const koKeys = flatten(ko);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function expectBoth(key: string) {
  expect(enKeys.get(key), `en: ${key}`).toBeTruthy();
  expect(koKeys.get(key), `ko: ${key}`).toBeTruthy();
}

describe('i18n resources', () => {
  it('en and ko have exactly the same keys', () => {
    expect([...koKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys.keys()].filter((k) => !koKeys.has(k))).toEqual([]);
  });

  it('no string is empty, and Korean strings are not English copies (except names kept as is)', () => {
    for (const [k, v] of koKeys) expect(v.trim(), k).not.toBe('');
    const same = [...enKeys].filter(([k, v]) => koKeys.get(k) === v).map(([k]) => k);
    // Proper names and symbols that Korean materials write in Latin letters.
    const allowed = new Set([
      'app.name', 'languages.en', 'languages.ko', 'activations.relu', 'activations.tanh', 'activations.leakyRelu', 'activations.elu', 'activations.gelu', 'activations.swish', 'datasets.xor', 'optimizers.adam',
      'hyper.beta1', 'hyper.beta2', 'hyper.epsilon', 'optimizers.adagrad', 'optimizers.rmsprop', 'optimizers.adamw',
    ]);
    expect(same.filter((k) => !allowed.has(k))).toEqual([]);
  });

  it('uses the course vocabulary in Korean', () => {
    expect(ko.hyper.learningRate).toBe('학습률');
    expect(ko.training.loss).toBe('손실함수');
    expect(ko.settings.activation).toBe('활성화 함수');
    expect(ko.layers.input.name).toBe('입력층');
    expect(ko.hyper.epochs).toBe('에포크');
    expect(ko.hyper.batchSize).toBe('배치 크기');
    expect(ko.training.optimizer).toBe('옵티마이저');
    // The Dense layer's palette description (its tooltip) names the course's terms.
    for (const term of ['은닉층', '가중치', '편향']) expect(ko.layers.dense.description).toContain(term);
    expect(en.layers.dense.description).toMatch(/hidden layer/);
  });

  it('Korean strings interpolate the same placeholders as English', () => {
    // Core's free-text English params (a setting's `reason`, a hyperparameter's `rule`) are
    // only shown in English; Korean says the same thing in its own words.
    const englishOnly = new Set(['reason', 'rule']);
    for (const [k, v] of enKeys) {
      const ph = placeholders(v).filter((p) => p !== 'count' && !englishOnly.has(p));
      expect(placeholders(koKeys.get(k)!).filter((p) => p !== 'count'), k).toEqual(ph);
    }
  });

  it('translates every layer type, its settings and enum options from the registry', () => {
    for (const def of layerDefinitions()) {
      expectBoth(`layers.${def.type}.name`);
      expectBoth(`layers.${def.type}.description`);
      expectBoth(`categories.${def.category}`);
      for (const spec of def.settings) {
        expectBoth(`settings.${spec.key}`);
        if (spec.kind === 'enum' && spec.key === 'activation') for (const o of spec.options ?? []) expectBoth(`activations.${o}`);
        else if (spec.kind === 'enum') for (const o of spec.options ?? []) expectBoth(`options.${spec.key}.${o}`);
      }
    }
  });

  it('translates every activation, dataset, loss and optimizer', () => {
    for (const a of ACTIVATIONS) expectBoth(`activations.${a}`);
    for (const d of DATASET_KINDS) expectBoth(`datasets.${d}`);
    for (const d of ALL_DATASET_KINDS) expectBoth(`datasets.${d}`);
    for (const task of ['binary', 'multiclass', 'regression']) expectBoth(`training.task.${task}`);
    expect([ko.datasets.mnist, ko.datasets.sines, ko.datasets.iris]).toEqual(['손글씨 숫자 (MNIST)', '사인파 합 (시계열 예측)', '붓꽃 (Iris)']);
    for (const l of [...LOSS_KINDS, ...LOSSES]) expectBoth(`losses.${l}`);
    for (const o of [...OPTIMIZER_KINDS, ...OPTIMIZERS]) expectBoth(`optimizers.${o}`);
  });

  it('translates every graph issue, train-config issue, hyperparameter name and error code', () => {
    for (const c of ISSUE_CODES) expectBoth(`issues.${c}`);
    for (const c of TRAIN_ISSUE_CODES) expectBoth(`trainIssues.${c}`);
    for (const n of HYPER_NAMES) expectBoth(`hyper.${n}`);
    for (const c of ERROR_CODES) expectBoth(`errors.${c}`);
    expectBoth('errors.crashed');
    for (const r of DONE_REASONS) expectBoth(`training.${r}Message`);
  });

  it('interpolates issue params and plurals through i18next', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: en }, ko: { translation: ko } }, lng: 'en', interpolation: { escapeValue: false } });
    expect(i18n.t('issues.tooManyInputs', { layer: 'hidden2', max: 1, got: 2 })).toBe('hidden2 takes at most 1 input(s) but has 2.');
    expect(i18n.t('node.params', { count: 72, n: '72' })).toBe('72 params');
    expect(i18n.t('node.params', { count: 1, n: '1' })).toBe('1 param');
    expect(i18n.t('errors.diverged', { epoch: 3, step: 41 })).toContain('epoch 3, step 41');
    await i18n.changeLanguage('ko');
    expect(i18n.t('node.params', { count: 72, n: '72' })).toBe('파라미터 72개');
    expect(i18n.t('errors.diverged', { epoch: 3, step: 41 })).toContain('에포크 3, 스텝 41');
  });
});

describe('initialLanguage', () => {
  it('prefers the remembered choice, then a Korean system language, else English', () => {
    expect(initialLanguage('en', 'ko-KR')).toBe('en');
    expect(initialLanguage('ko', 'en-US')).toBe('ko');
    expect(initialLanguage(null, 'ko-KR')).toBe('ko');
    expect(initialLanguage(null, 'ko')).toBe('ko');
    expect(initialLanguage('fr', 'en-GB')).toBe('en');
    expect(initialLanguage(null, undefined)).toBe('en');
  });
});
