// Conformance of the recurrent layers and Embedding with TF.js (@tensorflow/tfjs, cpu backend, float32):
// the same weights and input give the same output, input gradient and parameter gradients for
// L = Σ dy ⊙ y (random dy). Error measure: max |ours − tf| / max |tf| over the tensor, ≤ 1e-4.
//
// - SimpleRNN and LSTM run through tf.layers (the Keras implementation) with recurrentActivation
//   'sigmoid' (TF.js defaults to a hard sigmoid); our weights are in the Keras layout (kernel (F, G·H),
//   recurrentKernel (H, G·H), bias (G·H), LSTM gate blocks i, f, c, o), so setWeights takes them as is.
//   Gradients: tf.variableGrads over the layer's variables and the input.
// - GRU: TF.js's GRUCell throws on resetAfter = true (checked below), and resetAfter = false is a
//   different equation (r multiplies h before U), so the reference is PyTorch's nn.GRU written with
//   TF.js ops in PyTorch's own layout: weight_ih (3H, F) and weight_hh (3H, H) in r, z, n order, b_ih and
//   b_hh (3H). Our weights are mapped into it (transpose; our blocks are z, r, n; bias row 0 = b_ih,
//   row 1 = b_hh), and the gradients mapped back.
// - Embedding: tf.layers.embedding forward, tf.gather for the table gradient.

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { testRandom } from './helpers';
import { TOL, float32Layer, ours, randomArray, relError, useCpuBackend } from './tfjsHelpers';

useCpuBackend();

/** A built tf.layers RNN with our weights: y and the gradients of Σ dy ⊙ y w.r.t. x and each weight. */
function tfLayerReference(layer: tf.layers.Layer, weights: Float32Array[], x: Float32Array, xShape: number[], dy: Float32Array) {
  const xv = tf.variable(tf.tensor(x, xShape));
  tf.dispose(layer.apply(xv) as tf.Tensor); // the first call builds the layer
  layer.setWeights(layer.getWeights().map((w, k) => tf.tensor(weights[k], w.shape)));
  const y = layer.apply(xv) as tf.Tensor;
  const dyT = tf.tensor(dy, y.shape);
  const vars = [xv, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)];
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(xv) as tf.Tensor, dyT)) as tf.Scalar, vars);
  const out = { y: y.dataSync().slice(), dx: grads[xv.name].dataSync().slice(), dW: vars.slice(1).map((v) => grads[v.name].dataSync().slice()) };
  tf.dispose([xv, y, dyT, ...Object.values(grads)]);
  return out;
}

describe('TF.js conformance: recurrent layers (float32, cpu backend)', () => {
  const [B, T, F, H] = [3, 5, 4, 3];
  const cases: ['simpleRnn' | 'lstm', boolean][] = [['simpleRnn', true], ['simpleRnn', false], ['lstm', true], ['lstm', false]];
  for (const [type, returnSequences] of cases) {
    it(`${type}, returnSequences ${returnSequences}: y, dx, dkernel, drecurrentKernel, dbias`, () => {
      const rand = testRandom(type.length * 10 + (returnSequences ? 1 : 0));
      const layer = float32Layer(type, { units: H, returnSequences }, [[T, F]], 5);
      layer.params[2].value.set(randomArray(layer.params[2].value.length, rand, -0.5, 0.5));
      const x = randomArray(B * T * F, rand);
      const dy = randomArray(B * (returnSequences ? T : 1) * H, rand);
      const config = { units: H, returnSequences, activation: 'tanh' as const, recurrentActivation: 'sigmoid' as const };
      const tfLayer = type === 'lstm' ? tf.layers.lstm(config) : tf.layers.simpleRNN({ units: H, returnSequences, activation: 'tanh' });
      const ref = tfLayerReference(tfLayer, layer.params.map((p) => p.value as Float32Array), x, [B, T, F], dy);
      const got = ours(layer, x, B, dy);
      expect(relError(got.y, ref.y), 'y').toBeLessThan(TOL);
      expect(relError(got.dx, ref.dx), 'dx').toBeLessThan(TOL);
      ['kernel', 'recurrentKernel', 'bias'].forEach((name, k) => expect(relError(got.grads[k], ref.dW[k]), name).toBeLessThan(TOL));
    });
  }

  it("TF.js's GRUCell rejects resetAfter = true (why the GRU reference below is built from ops)", () => {
    expect(() => tf.layers.gru({ units: 2, resetAfter: true } as Parameters<typeof tf.layers.gru>[0])).toThrow(/reset_after/);
  });

  /** (rows, cols) row-major -> its transpose. */
  const transpose = (a: ArrayLike<number>, rows: number, cols: number) => {
    const t = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
    return t;
  };
  /** A (G·H, width) matrix with gate blocks of H rows, reordered: out block k = in block order[k]. */
  const blocks = (a: ArrayLike<number>, width: number, order: number[], H: number) => {
    const src = Float32Array.from(a);
    const out = new Float32Array(src.length);
    order.forEach((from, k) => out.set(src.subarray(from * H * width, (from + 1) * H * width), k * H * width));
    return out;
  };

  for (const returnSequences of [true, false]) {
    it(`gru (PyTorch nn.GRU from ops), returnSequences ${returnSequences}: y, dx and every weight`, () => {
      const rand = testRandom(returnSequences ? 71 : 72);
      const layer = float32Layer('gru', { units: H, returnSequences }, [[T, F]], 5);
      const [Wk, Uk, bias] = layer.params;
      bias.value.set(randomArray(6 * H, rand, -0.5, 0.5));
      const x = randomArray(B * T * F, rand);
      const dy = randomArray(B * (returnSequences ? T : 1) * H, rand);
      // Ours (F, 3H) z|r|n columns -> PyTorch weight_ih (3H, F) r|z|n rows: transpose, then swap blocks 0 and 1.
      const rzn = [1, 0, 2];
      const Wih = blocks(transpose(Wk.value, F, 3 * H), F, rzn, H);
      const Whh = blocks(transpose(Uk.value, H, 3 * H), H, rzn, H);
      const bih = blocks(bias.value.subarray(0, 3 * H), 1, rzn, H);
      const bhh = blocks(bias.value.subarray(3 * H), 1, rzn, H);

      const gru = (xt: tf.Tensor, wih: tf.Tensor, whh: tf.Tensor, bi: tf.Tensor, bh: tf.Tensor) => {
        const steps = tf.unstack(xt, 1); // T × (B, F)
        let h: tf.Tensor = tf.zeros([B, H]);
        const hs: tf.Tensor[] = [];
        for (const xs of steps) {
          const gi = tf.add(tf.matMul(xs, wih, false, true), bi); // (B, 3H): W_i· x + b_i·
          const gh = tf.add(tf.matMul(h, whh, false, true), bh); // (B, 3H): W_h· h + b_h·
          const [ir, iz, inn] = tf.split(gi, 3, 1);
          const [hr, hzz, hn] = tf.split(gh, 3, 1);
          const r = tf.sigmoid(tf.add(ir, hr));
          const z = tf.sigmoid(tf.add(iz, hzz));
          const n = tf.tanh(tf.add(inn, tf.mul(r, hn)));
          h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
          hs.push(h);
        }
        return returnSequences ? tf.stack(hs, 1) : h;
      };
      const inputs = [tf.tensor(x, [B, T, F]), tf.tensor2d(Wih, [3 * H, F]), tf.tensor2d(Whh, [3 * H, H]), tf.tensor1d(bih), tf.tensor1d(bhh)];
      const ref = tf.tidy(() => {
        const dyT = tf.tensor(dy, returnSequences ? [B, T, H] : [B, H]);
        const g = tf.grads((...ts: tf.Tensor[]) => tf.sum(tf.mul(gru(ts[0], ts[1], ts[2], ts[3], ts[4]), dyT)))(inputs);
        return { y: gru(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]).dataSync().slice(), grads: g.map((t) => t.dataSync().slice()) };
      });
      const got = ours(layer, x, B, dy);
      expect(relError(got.y, ref.y), 'y').toBeLessThan(TOL);
      expect(relError(got.dx, ref.grads[0]), 'dx').toBeLessThan(TOL);
      // PyTorch-layout gradients mapped back to ours: swap blocks back (the swap is its own inverse), transpose.
      expect(relError(got.grads[0], transpose(blocks(ref.grads[1], F, rzn, H), 3 * H, F)), 'dkernel').toBeLessThan(TOL);
      expect(relError(got.grads[1], transpose(blocks(ref.grads[2], H, rzn, H), 3 * H, H)), 'drecurrentKernel').toBeLessThan(TOL);
      expect(relError(got.grads[2].subarray(0, 3 * H), blocks(ref.grads[3], 1, rzn, H)), 'dbias input row').toBeLessThan(TOL);
      expect(relError(got.grads[2].subarray(3 * H), blocks(ref.grads[4], 1, rzn, H)), 'dbias recurrent row').toBeLessThan(TOL);
      tf.dispose(inputs);
    });
  }

  it('embedding: y (tf.layers.embedding) and dtable (tf.gather) with repeated indices', () => {
    const rand = testRandom(5);
    const [V, D, L] = [7, 4, 6];
    const layer = float32Layer('embedding', { inputDim: V, outputDim: D }, [[L]], 5);
    const idx = Float32Array.from({ length: B * L }, (_, i) => (i * 5 + 3) % V); // every index, several twice
    const dy = randomArray(B * L * D, rand);
    const table = layer.params[0].value as Float32Array;
    const emb = tf.layers.embedding({ inputDim: V, outputDim: D });
    emb.build([B, L]);
    emb.setWeights([tf.tensor2d(table, [V, D])]);
    const yRef = tf.tidy(() => (emb.apply(tf.tensor2d(idx, [B, L])) as tf.Tensor).dataSync().slice());
    const dRef = tf.tidy(() => {
      const ind = tf.tensor2d(Int32Array.from(idx), [B, L], 'int32');
      const dyT = tf.tensor3d(dy, [B, L, D]);
      const [g] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ind), dyT)))([tf.tensor2d(table, [V, D])]);
      return g.dataSync().slice();
    });
    const got = ours(layer, idx, B, dy);
    expect(relError(got.y, yRef), 'y').toBeLessThan(TOL);
    expect(relError(got.grads[0], dRef), 'dtable').toBeLessThan(TOL);
    expect(got.dx.every((v) => v === 0), 'no gradient to the indices').toBe(true);
  });
});
