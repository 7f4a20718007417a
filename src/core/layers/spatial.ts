// Shared by the image layers (the convolutions and the pools): their window settings, reading
// [h, w] settings and working out the output shape, with bad inputs and window sizes explained.
// Images are NHWC (tensor.ts).

import { formatShape } from '../graph/analysis';
import type { Shape } from '../graph/document';
import { window2D, type Padding, type Window2D } from '../tensor/convKernels';
import type { LayerSettings, SettingSpec, ShapeResult } from './types';

export const IMAGE_SHAPE = '(batch, height, width, channels)';

export const PADDINGS: readonly Padding[] = ['valid', 'same', 'explicit'];

/** A [h, w] setting (kernelSize, strides, poolSize, dilation). */
export function pairSetting(key: string, def: [number, number]): SettingSpec {
  return { key, kind: 'shape', default: def, length: 2 };
}

export function paddingSetting(def: Padding = 'valid'): SettingSpec {
  return { key: 'padding', kind: 'enum', default: def, options: PADDINGS };
}

/** p, the zeros added on every side when padding is 'explicit' (the course's (n − k + 2p)/s + 1). */
export const paddingAmountSetting: SettingSpec = {
  key: 'paddingAmount', kind: 'int', default: 1, min: 0, step: 1, when: { key: 'padding', values: ['explicit'] },
};

/** The window settings of the convolutions: kernelSize, strides, padding (+ paddingAmount) and dilation. */
export const CONV_WINDOW_SETTINGS: readonly SettingSpec[] = [
  pairSetting('kernelSize', [3, 3]),
  pairSetting('strides', [1, 1]),
  paddingSetting('valid'),
  paddingAmountSetting,
  pairSetting('dilation', [1, 1]),
];

/** The settings of the pools, with Keras' defaults: poolSize 2×2, strides = poolSize, 'valid'. */
export const POOL_SETTINGS: readonly SettingSpec[] = [pairSetting('poolSize', [2, 2]), pairSetting('strides', [2, 2]), paddingSetting('valid'), paddingAmountSetting];

/** Why `x` is not an image, or null. */
export function notAnImage(label: string, x: Shape): ShapeResult | null {
  return x.length === 3 ? null : { ok: false, expected: IMAGE_SHAPE, message: `${label} expects an image ${IMAGE_SHAPE} but receives ${formatShape(x)}` };
}

/**
 * The window geometry of a layer over image input `x`, or a ShapeResult naming `sizeKey` when the
 * window does not fit with 'valid' padding. dilation defaults to [1, 1] (pooling).
 */
export function layerWindow(s: LayerSettings, x: Shape, sizeKey: string): Window2D | ShapeResult {
  const [kh, kw] = s[sizeKey] as number[];
  const [sh, sw] = s.strides as number[];
  const [dh, dw] = (s.dilation as number[] | undefined) ?? [1, 1];
  const p = (s.paddingAmount as number | undefined) ?? 0;
  const g = window2D(x[0], x[1], x[2], kh, kw, sh, sw, dh, dw, s.padding as Padding, p);
  if (g) return g;
  const dilated = dh > 1 || dw > 1 ? ` (${dh * (kh - 1) + 1}×${dw * (kw - 1) + 1} with dilation ${dh}×${dw})` : '';
  if (s.padding === 'explicit') {
    return {
      ok: false, setting: sizeKey, expected: `an input at least ${dh * (kh - 1) + 1 - 2 * p}×${dw * (kw - 1) + 1 - 2 * p}`,
      message: `${kh}×${kw}${dilated} is larger than the ${x[0]}×${x[1]} input padded by ${p} on each side; use a smaller ${sizeKey} or more padding`,
    };
  }
  return {
    ok: false, setting: sizeKey, expected: `an input at least ${dh * (kh - 1) + 1}×${dw * (kw - 1) + 1}`,
    message: `${kh}×${kw}${dilated} is larger than the ${x[0]}×${x[1]} input with 'valid' padding; use a smaller ${sizeKey} or 'same' padding`,
  };
}

export function isWindow(g: Window2D | ShapeResult): g is Window2D {
  return !('ok' in g);
}

/**
 * outputShape of a windowed layer (`label` names it in messages): (Ho, Wo, channels(g)), or why `x` is
 * not an image or the window does not fit.
 */
export function windowedShape(label: string, s: LayerSettings, x: Shape, sizeKey: string, channels: (g: Window2D) => number): ShapeResult {
  const bad = notAnImage(label, x);
  if (bad) return bad;
  const g = layerWindow(s, x, sizeKey);
  return isWindow(g) ? { ok: true, shape: [g.Ho, g.Wo, channels(g)] } : g;
}

/** The window geometry for create(), which runs only on settings and shapes that outputShape accepted. */
export function windowOf(s: LayerSettings, x: Shape, sizeKey: string): Window2D {
  const g = layerWindow(s, x, sizeKey);
  if (!isWindow(g)) throw new Error(g.ok ? 'unreachable' : g.message);
  return g;
}
