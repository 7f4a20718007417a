// BatchNorm: normalizes each feature/channel (the last axis, NHWC) over the batch, then scales and shifts.
// x: (B, …, C) -> y: (B, …, C); statistics per channel c over the N = B·(size / C) values sharing it.
//   training:  μ_c = (1/N) Σ x,  σ²_c = (1/N) Σ (x − μ_c)²  (biased, as TF.js / Keras),
//              x̂ = (x − μ_c) / √(σ²_c + ε),  y = γ_c·x̂ + β_c,
//              running μ ← m·μ_run + (1 − m)·μ_c and the same for σ² (Keras convention: momentum m = 0.99
//              keeps 99 % of the old average; PyTorch's momentum 0.1 is the same rule with m = 1 − 0.1, and
//              PyTorch stores the unbiased σ² in its running variance — we follow TF.js).
//   inference: x̂ = (x − μ_run) / √(σ²_run + ε), y = γ·x̂ + β (running statistics only, nothing updated).
// Backward in training mode (the batch statistics depend on x):
//   dβ += Σ dy,  dγ += Σ dy·x̂,  dx += γ / (N·√(σ² + ε)) · (N·dy − Σ dy − x̂·Σ dy·x̂)
// and in inference mode dx += γ·dy / √(σ²_run + ε). γ, β are trainable (init 1, 0); the running mean
// and variance (init 0, 1) are parameters with trainable: false — saved with the weights, never
// touched by the optimizer, their grad stays 0. Defaults as Keras: momentum 0.99, ε = 0.001.

import { allocate, ensureCapacity, type FloatArray, type Param } from '../tensor/tensor';
import type { LayerDefinition } from './types';

export const batchNormLayer: LayerDefinition = {
  type: 'batchNorm',
  label: 'BatchNorm',
  category: 'normalization',
  settings: [
    { key: 'momentum', kind: 'float', default: 0.99, min: 0, max: 1, step: 0.01 },
    { key: 'epsilon', kind: 'float', default: 0.001, min: 0, step: 0.001 },
  ],
  minInputs: 1,
  maxInputs: 1,

  outputShape: (_s, inputs) => ({ ok: true, shape: [...inputs[0]] }),
  paramCount: (_s, inputs) => 2 * inputs[0][inputs[0].length - 1],
  nonTrainableParamCount: (_s, inputs) => 2 * inputs[0][inputs[0].length - 1],

  create(s, inputs, ctx) {
    const shape = inputs[0];
    const C = shape[shape.length - 1];
    const perSample = shape.reduce((a, d) => a * d, 1);
    const momentum = s.momentum as number;
    const eps = s.epsilon as number;
    const param = (key: string, fill: number, trainable: boolean): Param => {
      const p: Param = { name: `${ctx.name}.${key}`, shape: [C], value: allocate(ctx.dtype, C).fill(fill), grad: allocate(ctx.dtype, C) };
      if (!trainable) p.trainable = false;
      return p;
    };
    const gamma = param('gamma', 1, true);
    const beta = param('beta', 0, true);
    const runMean = param('movingMean', 0, false);
    const runVar = param('movingVariance', 1, false);

    let xhat: FloatArray | null = null; // normalized input of the last forward
    let y: FloatArray | null = null;
    const invStd = allocate(ctx.dtype, C); // 1/√(σ² + ε) used by the last forward
    const mean = allocate(ctx.dtype, C);
    const sumDy = allocate(ctx.dtype, C);
    const sumDyXhat = allocate(ctx.dtype, C);
    let lastTraining = false;

    return {
      params: [gamma, beta, runMean, runVar],
      forward(xs, B, training) {
        const x = xs[0];
        const n = B * perSample; // rows = n / C values per channel
        const N = n / C;
        xhat = ensureCapacity(xhat, ctx.dtype, n);
        y = ensureCapacity(y, ctx.dtype, n);
        lastTraining = training;
        if (training) {
          mean.fill(0);
          for (let i = 0; i < n; i += C) for (let c = 0; c < C; c++) mean[c] += x[i + c];
          for (let c = 0; c < C; c++) mean[c] /= N;
          invStd.fill(0); // holds Σ (x − μ)² first
          for (let i = 0; i < n; i += C) {
            for (let c = 0; c < C; c++) {
              const d = x[i + c] - mean[c];
              invStd[c] += d * d;
            }
          }
          for (let c = 0; c < C; c++) {
            const variance = invStd[c] / N;
            invStd[c] = 1 / Math.sqrt(variance + eps);
            runMean.value[c] = momentum * runMean.value[c] + (1 - momentum) * mean[c];
            runVar.value[c] = momentum * runVar.value[c] + (1 - momentum) * variance;
          }
        } else {
          for (let c = 0; c < C; c++) {
            mean[c] = runMean.value[c];
            invStd[c] = 1 / Math.sqrt(runVar.value[c] + eps);
          }
        }
        for (let i = 0; i < n; i += C) {
          for (let c = 0; c < C; c++) {
            const h = (x[i + c] - mean[c]) * invStd[c];
            xhat[i + c] = h;
            y[i + c] = gamma.value[c] * h + beta.value[c];
          }
        }
        return y;
      },
      backward(dy, dxs, B) {
        const dx = dxs[0];
        const n = B * perSample;
        const N = n / C;
        const h = xhat!;
        sumDy.fill(0);
        sumDyXhat.fill(0);
        for (let i = 0; i < n; i += C) {
          for (let c = 0; c < C; c++) {
            sumDy[c] += dy[i + c];
            sumDyXhat[c] += dy[i + c] * h[i + c];
          }
        }
        for (let c = 0; c < C; c++) {
          beta.grad[c] += sumDy[c];
          gamma.grad[c] += sumDyXhat[c];
        }
        if (!dx) return;
        if (lastTraining) {
          for (let i = 0; i < n; i += C) {
            for (let c = 0; c < C; c++) {
              dx[i + c] += (gamma.value[c] * invStd[c] / N) * (N * dy[i + c] - sumDy[c] - h[i + c] * sumDyXhat[c]);
            }
          }
        } else {
          for (let i = 0; i < n; i += C) for (let c = 0; c < C; c++) dx[i + c] += gamma.value[c] * invStd[c] * dy[i + c];
        }
      },
    };
  },
};
