// Checks a setting value against its SettingSpec. Returns the reason it is invalid, or null.

import type { LayerSettings, SettingSpec } from './types';

export function checkSetting(spec: SettingSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      return checkRange(spec, value);
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      return checkRange(spec, value);
    case 'bool':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'enum':
      return typeof value === 'string' && (spec.options ?? []).includes(value)
        ? null
        : `must be one of ${(spec.options ?? []).join(', ')}`;
    case 'shape':
      return Array.isArray(value) && value.length > 0 && value.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)
        ? null
        : 'must be a list of positive whole numbers';
  }
}

function checkRange(spec: SettingSpec, v: number): string | null {
  if (spec.min !== undefined && v < spec.min) return `must be at least ${spec.min}`;
  if (spec.max !== undefined && (spec.maxExclusive ? v >= spec.max : v > spec.max))
    return spec.maxExclusive ? `must be less than ${spec.max}` : `must be at most ${spec.max}`;
  return null;
}

/** Settings with missing keys filled from the specs' defaults (arrays copied). */
export function withDefaults(specs: readonly SettingSpec[], settings: LayerSettings | undefined): LayerSettings {
  const out: LayerSettings = {};
  for (const s of specs) out[s.key] = Array.isArray(s.default) ? [...s.default] : s.default;
  if (settings && typeof settings === 'object') for (const [k, v] of Object.entries(settings)) if (v !== undefined) out[k] = v;
  return out;
}
