// What a node card says about its settings: the ones worth reading, not every knob.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLayerDefinition } from '../../../src/core';
import { summarizeSettings } from '../../../src/renderer/canvas/nodeSummary';
import { en } from '../../../src/renderer/i18n/en';

describe('summarizeSettings', () => {
  const t = i18next.createInstance();
  beforeAll(async () => {
    await t.init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } });
  });
  const summary = (type: string, settings: Record<string, unknown>) => summarizeSettings(t.t, getLayerDefinition(type), settings);

  it('shows units and activation of a Dense layer, not its default initializers', () => {
    expect(summary('dense', { units: 8, activation: 'tanh' })).toBe('8 units · Tanh');
  });

  it('shows an initializer once it is not the default, with only the parameter that applies', () => {
    const text = summary('dense', { units: 4, activation: 'relu', kernelInitializer: 'normal', kernelStddev: 0.01 });
    expect(text).toContain(`${en.settings.kernelInitializer} normal`);
    expect(text).not.toContain(en.settings.kernelLimit); // the uniform limit does not apply to 'normal'
  });

  it('says when a layer has no bias', () => {
    expect(summary('dense', { units: 2, activation: 'linear', useBias: false })).toBe(`2 units · Linear · ${en.node.summary.noBias}`);
  });
});
