// Concat (merge node): joins its inputs along one axis; every other axis must match.
// xs: (B, …, a_k, …) -> y: (B, …, Σ a_k, …). `axis` counts like Keras, batch included: −1 (default) is the
// last axis, 1 the first axis after the batch; 0 (the batch) is not allowed. Per sample, with
// outer = Π of the dims before the axis, input k contributes contiguous blocks of a_k·inner values:
//   y[b, o, off_k + j] = x_k[b, o, j]  (o < outer, j < a_k·inner, off_k = Σ_{l<k} a_l·inner)
// Backward copies dy's blocks back: dx_k += dy[b, o, off_k + j]. No parameters.
// Input order is edge order: the order the connections were made (their order in the document).

import { formatShape } from '../graph/analysis';
import type { Shape } from '../graph/document';
import { ensureCapacity, shapeSize, type FloatArray } from '../tensor/tensor';
import type { LayerDefinition, LayerSettings } from './types';

/** The axis as an index into the per-sample shape (rank r), or null when out of range. */
function sampleAxis(s: LayerSettings, rank: number): number | null {
  const a = s.axis as number;
  const i = a < 0 ? rank + a : a - 1;
  return i >= 0 && i < rank ? i : null;
}

export const concatLayer: LayerDefinition = {
  type: 'concat',
  label: 'Concat',
  category: 'merge',
  settings: [{ key: 'axis', kind: 'int', default: -1, step: 1 }],
  minInputs: 2,
  maxInputs: Infinity,

  outputShape(s, inputs) {
    const first = inputs[0];
    const ax = sampleAxis(s, first.length);
    if (ax === null) {
      return {
        ok: false, setting: 'axis', expected: `an axis from ${-first.length} to ${first.length}, not 0`,
        message: `${s.axis as number} is not an axis of ${formatShape(first)}: use -1 … ${-first.length} or 1 … ${first.length} (0 is the batch)`,
      };
    }
    let total = 0;
    for (const x of inputs) {
      const same = x.length === first.length && x.every((d, i) => i === ax || d === first[i]);
      if (!same) {
        const want = first.map((d, i) => (i === ax ? '*' : String(d))).join(', ');
        return {
          ok: false, expected: `(batch, ${want})`,
          message: `Concat on axis ${s.axis as number} needs all other sizes equal but receives ${formatShape(first)} and ${formatShape(x)}`,
        };
      }
      total += x[ax];
    }
    const shape: Shape = [...first];
    shape[ax] = total;
    return { ok: true, shape };
  },
  paramCount: () => 0,

  create(s, inputs, ctx) {
    const ax = sampleAxis(s, inputs[0].length)!;
    const outer = shapeSize(inputs[0].slice(0, ax));
    const blocks = inputs.map((x) => shapeSize(x.slice(ax))); // a_k·inner
    const row = blocks.reduce((a, b) => a + b, 0);
    const perSample = outer * row;
    let y: FloatArray | null = null;
    return {
      params: [],
      forward(xs, B) {
        y = ensureCapacity(y, ctx.dtype, B * perSample);
        const R = B * outer; // rows of one block each
        let off = 0;
        xs.forEach((x, k) => {
          const w = blocks[k];
          for (let r = 0; r < R; r++) {
            const yo = r * row + off;
            const xo = r * w;
            for (let j = 0; j < w; j++) y![yo + j] = x[xo + j];
          }
          off += w;
        });
        return y;
      },
      backward(dy, dxs, B) {
        const R = B * outer;
        let off = 0;
        dxs.forEach((dx, k) => {
          const w = blocks[k];
          if (dx) {
            for (let r = 0; r < R; r++) {
              const yo = r * row + off;
              const xo = r * w;
              for (let j = 0; j < w; j++) dx[xo + j] += dy[yo + j];
            }
          }
          off += w;
        });
      },
    };
  },
};
