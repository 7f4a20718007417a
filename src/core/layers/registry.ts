// Layer type -> definition. Registry order is palette order. Adding a layer = one line here.

import { activationLayer } from './activation';
import { addLayer } from './add';
import { batchNormLayer } from './batchNorm';
import { concatLayer } from './concat';
import { depthwiseConv2dLayer } from './depthwiseConv2d';
import { preluLayer } from './prelu';
import { separableConv2dLayer } from './separableConv2d';
import { avgPool2dLayer } from './avgPool2d';
import { conv2dLayer } from './conv2d';
import { denseLayer } from './dense';
import { dropoutLayer } from './dropout';
import { flattenLayer } from './flatten';
import { globalAvgPool2dLayer } from './globalAvgPool2d';
import { inputLayer } from './input';
import { maxPool2dLayer } from './maxPool2d';
import { reshapeLayer } from './reshape';
import { simpleRnnLayer } from './simpleRnn';
import { lstmLayer } from './lstm';
import { gruLayer } from './gru';
import { embeddingLayer } from './embedding';
import { withDefaults } from './settings';
import type { LayerDefinition } from './types';

const registry: readonly LayerDefinition[] = [
  inputLayer, denseLayer, activationLayer, dropoutLayer,
  conv2dLayer, maxPool2dLayer, avgPool2dLayer, globalAvgPool2dLayer,
  preluLayer, depthwiseConv2dLayer, separableConv2dLayer, batchNormLayer, addLayer, concatLayer,
  simpleRnnLayer, lstmLayer, gruLayer, embeddingLayer,
  flattenLayer, reshapeLayer,
];

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
