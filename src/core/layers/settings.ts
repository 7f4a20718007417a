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
      if (spec.allowInferred) {
        if (!(Array.isArray(value) && value.length > 0 && value.every((d) => typeof d === 'number' && Number.isInteger(d) && (d > 0 || d === -1))))
          return 'must be a list of positive whole numbers (one of them may be -1)';
        return value.filter((d) => d === -1).length > 1 ? 'may contain -1 only once' : null;
      }
      if (!(Array.isArray(value) && value.length > 0 && value.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)))
        return spec.length !== undefined ? `must be ${spec.length} positive whole numbers` : 'must be a list of positive whole numbers';
      return spec.length !== undefined && value.length !== spec.length ? `must be ${spec.length} positive whole numbers` : null;
  }
}

function checkRange(spec: SettingSpec, v: number): string | null {
  if (spec.min !== undefined && v < spec.min) return `must be at least ${spec.min}`;
  if (spec.max !== undefined && (spec.maxExclusive ? v >= spec.max : v > spec.max))
    return spec.maxExclusive ? `must be less than ${spec.max}` : `must be at most ${spec.max}`;
  return null;
}

/** Whether a setting applies given the layer's other settings (see SettingSpec.when). */
export function settingApplies(spec: SettingSpec, settings: LayerSettings): boolean {
  return !spec.when || spec.when.values.includes(settings[spec.when.key] as string);
}

/**
 * Settings with missing keys filled from the specs' defaults (arrays copied). Conditional settings
 * (SettingSpec.when) get their default only when they apply.
 */
export function withDefaults(specs: readonly SettingSpec[], settings: LayerSettings | undefined): LayerSettings {
  const out: LayerSettings = {};
  for (const s of specs) if (!s.when) out[s.key] = Array.isArray(s.default) ? [...s.default] : s.default;
  if (settings && typeof settings === 'object') for (const [k, v] of Object.entries(settings)) if (v !== undefined) out[k] = v;
  for (const s of specs) if (s.when && out[s.key] === undefined && settingApplies(s, out)) out[s.key] = Array.isArray(s.default) ? [...s.default] : s.default;
  return out;
}
