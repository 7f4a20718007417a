// The kernelInitializer / biasInitializer layer settings, shared by every layer with weights.
// A layer lists initializerSettings('kernel', 'glorotUniform') and initializerSettings('bias', 'zeros')
// among its SettingSpecs and fills each parameter with initializeFromSettings(...) in create().
// The σ / limit / value settings only apply (and only show in the inspector) for the initializer
// that reads them: `<prefix>Stddev` for normal, `<prefix>Limit` for uniform, `<prefix>Value` for constant.

import type { LayerSettings, SettingSpec } from '../layers/types';
import type { Rng } from '../rng';
import type { FloatArray } from '../tensor/tensor';
import { INIT_DEFAULTS, INITIALIZERS, initialize, type InitializerKind } from './initializers';

export type InitializerPrefix = 'kernel' | 'bias';

/** `<prefix>Initializer` (enum over INITIALIZERS) plus its conditional parameters. */
export function initializerSettings(prefix: InitializerPrefix, defaultKind: InitializerKind): SettingSpec[] {
  const key = `${prefix}Initializer`;
  return [
    { key, kind: 'enum', default: defaultKind, options: INITIALIZERS },
    { key: `${prefix}Stddev`, kind: 'float', default: INIT_DEFAULTS.stddev, min: 0, step: 0.01, when: { key, values: ['normal'] } },
    { key: `${prefix}Limit`, kind: 'float', default: INIT_DEFAULTS.limit, min: 0, step: 0.01, when: { key, values: ['uniform'] } },
    { key: `${prefix}Value`, kind: 'float', default: INIT_DEFAULTS.value, step: 0.1, when: { key, values: ['constant'] } },
  ];
}

/**
 * Fills w with the initializer the settings name for `prefix` (defaultKind when the setting is
 * missing, so layers built from older documents keep their behaviour).
 */
export function initializeFromSettings(
  s: LayerSettings, prefix: InitializerPrefix, defaultKind: InitializerKind, w: FloatArray, fanIn: number, fanOut: number, rng: Rng,
): void {
  const kind = (s[`${prefix}Initializer`] as InitializerKind | undefined) ?? defaultKind;
  initialize(kind, w, fanIn, fanOut, rng, {
    stddev: s[`${prefix}Stddev`] as number | undefined,
    limit: s[`${prefix}Limit`] as number | undefined,
    value: s[`${prefix}Value`] as number | undefined,
  });
}
