// Weight initializers. fanIn / fanOut: inputs and outputs of the unit (a Dense kernel (I, O)
// has fanIn = I, fanOut = O). Dense defaults to glorotUniform, like Keras.

import type { Rng } from '../rng';
import type { FloatArray } from '../tensor/tensor';

export type InitializerKind = 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal' | 'zeros';

export const INITIALIZERS: readonly InitializerKind[] = ['glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'zeros'];

/** Fills `w` in place. */
export function initialize(kind: InitializerKind, w: FloatArray, fanIn: number, fanOut: number, rng: Rng): void {
  switch (kind) {
    case 'glorotUniform': {
      // Glorot & Bengio 2010: U(-l, l), l = sqrt(6 / (fanIn + fanOut)) keeps activation variance across layers.
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
      return;
    }
    case 'glorotNormal': {
      // N(0, 2 / (fanIn + fanOut)) (untruncated).
      const std = Math.sqrt(2 / (fanIn + fanOut));
      for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, std);
      return;
    }
    case 'heUniform': {
      // He et al. 2015, for ReLU: U(-l, l), l = sqrt(6 / fanIn).
      const limit = Math.sqrt(6 / fanIn);
      for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
      return;
    }
    case 'heNormal': {
      // N(0, 2 / fanIn) (untruncated).
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, std);
      return;
    }
    case 'zeros':
      w.fill(0);
      return;
  }
}
