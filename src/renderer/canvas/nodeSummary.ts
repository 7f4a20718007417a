import type { TFunction } from 'i18next';
import { settingApplies, type LayerDefinition } from '../../core';

/** "8 units · tanh": the settings worth reading on the node itself, in the user's language. */
export function summarizeSettings(
  t: TFunction,
  definition: LayerDefinition | undefined,
  settings: Record<string, unknown>,
): string {
  if (!definition) return '';
  const parts: string[] = [];
  const effective: Record<string, unknown> = {};
  for (const spec of definition.settings) effective[spec.key] = settings[spec.key] ?? spec.default;
  for (const spec of definition.settings) {
    const value = effective[spec.key];
    // Settings that do not apply, and initializers left at their defaults, are inspector-only.
    if (!settingApplies(spec, effective)) continue;
    if (isInitializerSetting(spec.key) && sameValue(value, spec.default)) continue;
    switch (spec.key) {
      case 'units':
        parts.push(t('node.summary.units', { count: Number(value) }));
        break;
      case 'activation':
        parts.push(t(`activations.${String(value)}`, { defaultValue: String(value) }));
        break;
      case 'rate':
        parts.push(t('node.summary.rate', { value: String(value) }));
        break;
      case 'shape':
        parts.push(t('node.summary.shape', { value: Array.isArray(value) ? value.join(' × ') : String(value) }));
        break;
      case 'alpha':
      case 'shift':
        break; // only some activations use them: the inspector shows them
      case 'useBias':
        if (value === false) parts.push(t('node.summary.noBias'));
        break;
      default:
        if (spec.kind !== 'bool') {
          const text = Array.isArray(value) ? value.join('×') : String(value);
          parts.push(`${t(`settings.${spec.key}`, { defaultValue: spec.key })} ${text}`);
        }
    }
  }
  return parts.join(' · ');
}

function isInitializerSetting(key: string): boolean {
  return /Initializer$|^(kernel|bias|recurrent)(Stddev|Limit|Value)$/.test(key);
}

function sameValue(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((v, i) => v === b[i]) : a === b;
}
