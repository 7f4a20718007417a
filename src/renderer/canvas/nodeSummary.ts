import type { TFunction } from 'i18next';
import type { LayerDefinition } from '../../core';

/** "8 units · tanh": the settings worth reading on the node itself, in the user's language. */
export function summarizeSettings(
  t: TFunction,
  definition: LayerDefinition | undefined,
  settings: Record<string, unknown>,
): string {
  if (!definition) return '';
  const parts: string[] = [];
  for (const spec of definition.settings) {
    const value = settings[spec.key] ?? spec.default;
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
