// Inspection hooks for the UI (and for teaching): what one batch does inside the network.
//   activations(model, x, n)                      every node's output for the batch (the forward trace)
//   gradients(model, x, y, n, loss)               ∂loss/∂θ per parameter, its L2 norm, the global norm
//   nodeGradients(model, x, y, n, loss)           ∂loss/∂(each node's output) for the batch, and its L2 norm
//   getParameter / setParameter(model, name, …)   read or overwrite one parameter tensor by name
//   numericalGradient(model, x, y, n, loss, h)    central differences: the check backprop must pass
// Backprop gets every ∂L/∂θ for the price of about two forward passes; numerical differentiation needs
// two forward passes PER PARAMETER — fine for checking on a small network, far too slow for training.

import type { TrainableModel } from '../graph/model';
import type { FloatArray } from '../tensor/tensor';
import type { LossKind } from './config';
import { l2Norm } from './gradients';

/** Copies of every node's output for a batch of n samples, keyed by node id ((n, node size) each). */
export function activations(model: TrainableModel, x: ArrayLike<number>, n: number, training = false): Record<string, FloatArray> {
  return model.trace(x, n, training);
}

export interface BatchGradients {
  /** Mean loss of the batch. */
  loss: number;
  /** Copies of ∂loss/∂θ, keyed by parameter name ('hidden.kernel'). */
  grads: Record<string, FloatArray>;
  /** ‖∂loss/∂θ‖₂ per parameter tensor. */
  norms: Record<string, number>;
  /** √Σ‖g‖₂² over all parameters (what clip_grad_norm_ compares with its max norm). */
  globalNorm: number;
}

/**
 * Backprop on one batch (training mode, as a step would run it; no optimizer step). Dropout draws
 * masks, so with dropout the result depends on the model's noise stream. Overwrites the model's grads.
 */
export function gradients(model: TrainableModel, x: ArrayLike<number>, y: ArrayLike<number>, n: number, loss: LossKind): BatchGradients {
  const value = model.lossAndGradients(x, y, n, loss);
  const grads: Record<string, FloatArray> = {};
  const norms: Record<string, number> = {};
  let sq = 0;
  for (const p of model.parameters()) {
    if (p.trainable === false) continue;
    grads[p.name] = p.grad.slice();
    const norm = l2Norm(p.grad);
    norms[p.name] = norm;
    sq += norm * norm;
  }
  return { loss: value, grads, norms, globalNorm: Math.sqrt(sq) };
}

export interface NodeGradients {
  /** Mean loss of the batch. */
  loss: number;
  /** Copies of ∂loss/∂(node output), keyed by node id ((n, node size) each); the Input node has none. */
  grads: Record<string, FloatArray>;
  /** ‖∂loss/∂(node output)‖₂ over the whole batch, per node id. */
  norms: Record<string, number>;
  /**
   * The output node's id when its entry is ∂loss/∂z of its pre-activation instead: softmax or sigmoid fused
   * with cross-entropy, where backprop starts from dz = (p − t)/N and never forms ∂loss/∂p. Else null.
   */
  preActivation: string | null;
}

/**
 * What flows backwards through each node for one batch: the gradient of the mean loss with respect to
 * every node's output (the buffers backprop fills, TrainableModel.outputGradients()), with their norms —
 * where gradients vanish or explode layer by layer. Training mode, like gradients(); overwrites the grads.
 */
export function nodeGradients(model: TrainableModel, x: ArrayLike<number>, y: ArrayLike<number>, n: number, loss: LossKind): NodeGradients {
  const value = model.lossAndGradients(x, y, n, loss);
  const { grads, preActivation } = model.outputGradients();
  const norms: Record<string, number> = {};
  for (const [id, g] of Object.entries(grads)) norms[id] = l2Norm(g);
  return { loss: value, grads, norms, preActivation };
}

/** Names of the model's parameters, in model order. */
export function parameterNames(model: TrainableModel): string[] {
  return model.parameters().map((p) => p.name);
}

/** A copy of one parameter's values (and its shape); throws for an unknown name. */
export function getParameter(model: TrainableModel, name: string): { shape: number[]; value: FloatArray } {
  const p = findParam(model, name);
  return { shape: [...p.shape], value: p.value.slice() };
}

/** Overwrites one parameter's values; throws for an unknown name or a wrong length. */
export function setParameter(model: TrainableModel, name: string, values: ArrayLike<number>): void {
  const p = findParam(model, name);
  if (values.length !== p.value.length) throw new Error(`setParameter: ${name} has ${p.value.length} values, got ${values.length}`);
  for (let i = 0; i < values.length; i++) p.value[i] = values[i];
}

/**
 * ∂loss/∂θ by central differences, per parameter name: (L(θ + h) − L(θ − h)) / 2h for each element,
 * in inference mode (no dropout masks, BatchNorm running statistics) so L is a deterministic function.
 * Error O(h²) plus rounding O(ε/h): h = 1e-5 suits float64 models; float32 ones need about 1e-2–1e-3
 * (the default picks by dtype). Compare with gradients() on a network without dropout / BatchNorm.
 */
export function numericalGradient(
  model: TrainableModel, x: ArrayLike<number>, y: ArrayLike<number>, n: number, loss: LossKind, h = model.dtype === 'float64' ? 1e-5 : 1e-2,
): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  const L = () => model.evaluateLoss(x, y, n, loss, false);
  for (const p of model.parameters()) {
    if (p.trainable === false) continue;
    const g = new Float64Array(p.value.length);
    for (let i = 0; i < p.value.length; i++) {
      const old = p.value[i];
      p.value[i] = old + h;
      const hi = p.value[i]; // old + h as stored (float32 rounds it)
      const up = L();
      p.value[i] = old - h;
      const lo = p.value[i];
      const down = L();
      p.value[i] = old;
      g[i] = (up - down) / (hi - lo); // divided by the step actually taken
    }
    out[p.name] = g;
  }
  return out;
}

function findParam(model: TrainableModel, name: string) {
  const p = model.parameters().find((q) => q.name === name);
  if (!p) throw new Error(`No parameter named '${name}' (have: ${parameterNames(model).join(', ')})`);
  return p;
}
