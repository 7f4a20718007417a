// Layer type -> definition. Registry order is palette order. Adding a layer = one line here.

import { activationLayer } from './activation';
import { denseLayer } from './dense';
import { dropoutLayer } from './dropout';
import { inputLayer } from './input';
import { withDefaults } from './settings';
import type { LayerDefinition } from './types';

const registry: readonly LayerDefinition[] = [inputLayer, denseLayer, activationLayer, dropoutLayer];

export function layerDefinitions(): readonly LayerDefinition[] {
  return registry;
}

export function getLayerDefinition(type: string): LayerDefinition | undefined {
  return registry.find((d) => d.type === type);
}

/** Fresh default settings of a layer type ({} for an unknown type). */
export function defaultSettings(type: string): Record<string, unknown> {
  const def = getLayerDefinition(type);
  return def ? withDefaults(def.settings, undefined) : {};
}
