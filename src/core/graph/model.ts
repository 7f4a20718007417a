// A compiled network: layers executed in topological order over the document's DAG.
// Forward walks the order; backward walks it in reverse, each layer adding its input
// gradients into the gradient buffers of the nodes that feed it (so fan-out just sums).

import type { Layer } from '../layers/types';
import { FUSED_ACTIVATION, getLoss } from '../losses';
import { ensureCapacity, type DType, type FloatArray, type Param } from '../tensor/tensor';
import type { LossKind } from '../train/config';

/** The minimum the rest of the app needs from a network. */
export interface Model {
  readonly inputSize: number; // features per sample
  readonly outputSize: number; // outputs per sample
  /** Inference mode (dropout off); returns a fresh (n, outputSize) array. */
  predict(x: Float32Array | Float64Array, n: number): Float32Array | Float64Array;
  /** Copies, one per parameter tensor, in a stable order (node order, then kernel before bias). */
  getParams(): Float32Array[];
  setParams(params: ArrayLike<number>[]): void;
}

/** One executed node. */
export interface ModelNode {
  id: string;
  type: string;
  layer: Layer;
  /** Indices (into the node list) of the nodes feeding this one, in edge order. */
  inputs: number[];
  /** Elements per sample of this node's output. */
  size: number;
}

/** What training and tests use beyond Model. */
export interface TrainableModel extends Model {
  readonly dtype: DType;
  readonly nodes: readonly ModelNode[];
  /** The output layer's activation ('sigmoid', 'softmax', 'linear', …). */
  readonly outputActivation: string;
  /** Live parameters (value and grad buffers), aligned with getParams(). */
  parameters(): readonly Param[];
  /** Runs the network; returns the output buffer (owned by the model, may be longer than n·outputSize). */
  forward(x: ArrayLike<number>, n: number, training: boolean): FloatArray;
  /** Copies of every node's output for the batch, keyed by node id ((n, size) each). */
  trace(x: ArrayLike<number>, n: number, training?: boolean): Record<string, FloatArray>;
  /** Mean loss of a batch; target is (n, outputSize), or (n) class indices for sparseCategoricalCrossEntropy. */
  evaluateLoss(x: ArrayLike<number>, target: ArrayLike<number>, n: number, loss: LossKind, training?: boolean): number;
  /** Mean loss of the batch the last forward() ran on (no second forward: evaluation reads the outputs too). */
  lossOfLastForward(target: ArrayLike<number>, n: number, loss: LossKind): number;
  /**
   * Zeroes the gradients, runs forward in training mode, and fills every parameter's grad with
   * ∂loss/∂θ for the batch. Returns the mean loss. softmaxCrossEntropy and sparseCategoricalCrossEntropy
   * fuse with a softmax output layer (dz = (p − t)/B), bceWithLogits with a sigmoid one (dz = (σ(z) − t)/(B·C));
   * with any other output they read the outputs as logits.
   * gradScale: the gradients are of gradScale·loss (the loss's gradient is scaled before the backward
   * pass, which is linear in it): a data-parallel shard of n of B samples passes n/B. Default 1.
   */
  lossAndGradients(x: ArrayLike<number>, target: ArrayLike<number>, n: number, loss: LossKind, gradScale?: number): number;
  zeroGrads(): void;
  /**
   * Read-only view of what the last lossAndGradients() left in the backward buffers: copies of
   * ∂loss/∂(each node's output) for its batch, keyed by node id ((n, node size) each; the Input node
   * has none, backprop stops before it). When the loss fused with the output layer's activation
   * (softmax / sigmoid + cross-entropy), the output node's entry is ∂loss/∂z of its pre-activation and
   * `preActivation` names that node; otherwise it is null. Empty before the first lossAndGradients().
   */
  outputGradients(): { grads: Record<string, FloatArray>; preActivation: string | null };
}

export class CompiledModel implements TrainableModel {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly outputActivation: string;
  private readonly params: Param[];
  private readonly outs: (FloatArray | null)[];
  private readonly grads: (FloatArray | null)[];
  private xBuf: FloatArray | null = null;
  private dOut: FloatArray | null = null;
  /** Batch size and fusion of the last backward pass (what outputGradients() reads). */
  private lastBackward: { n: number; fromPre: boolean } | null = null;

  /** nodes[0] must be the Input node; nodes are in topological order. */
  constructor(readonly nodes: readonly ModelNode[], readonly dtype: DType) {
    this.inputSize = nodes[0].size;
    const last = nodes[nodes.length - 1];
    this.outputSize = last.size;
    this.outputActivation = last.layer.activation ?? 'linear';
    this.params = nodes.flatMap((n) => [...n.layer.params]);
    this.outs = nodes.map(() => null);
    this.grads = nodes.map(() => null);
  }

  parameters(): readonly Param[] {
    return this.params;
  }

  getParams(): Float32Array[] {
    return this.params.map((p) => Float32Array.from(p.value));
  }

  setParams(values: ArrayLike<number>[]): void {
    if (values.length !== this.params.length) throw new Error(`setParams: expected ${this.params.length} tensors, got ${values.length}`);
    values.forEach((v, k) => {
      const p = this.params[k];
      if (v.length !== p.value.length) throw new Error(`setParams: ${p.name} has ${p.value.length} values, got ${v.length}`);
      for (let i = 0; i < v.length; i++) p.value[i] = v[i];
    });
  }

  zeroGrads(): void {
    for (const p of this.params) p.grad.fill(0);
  }

  forward(x: ArrayLike<number>, n: number, training: boolean): FloatArray {
    const size = n * this.inputSize;
    if (x.length < size) throw new Error(`forward: expected ${size} input values, got ${x.length}`);
    // Copy the input once into the model's dtype (the session passes Float32 data to a float64 model, too).
    const xb = (this.xBuf = ensureCapacity(this.xBuf, this.dtype, size));
    for (let i = 0; i < size; i++) xb[i] = x[i];
    this.outs[0] = xb;
    for (let k = 1; k < this.nodes.length; k++) {
      const node = this.nodes[k];
      this.outs[k] = node.layer.forward(node.inputs.map((j) => this.outs[j]!), n, training);
    }
    return this.outs[this.nodes.length - 1]!;
  }

  predict(x: Float32Array | Float64Array, n: number): Float32Array | Float64Array {
    return this.forward(x, n, false).slice(0, n * this.outputSize);
  }

  trace(x: ArrayLike<number>, n: number, training = false): Record<string, FloatArray> {
    this.forward(x, n, training);
    const out: Record<string, FloatArray> = {};
    this.nodes.forEach((node, k) => (out[node.id] = this.outs[k]!.slice(0, n * node.size)));
    return out;
  }

  evaluateLoss(x: ArrayLike<number>, target: ArrayLike<number>, n: number, loss: LossKind, training = false): number {
    this.forward(x, n, training);
    return this.lossOfLastForward(target, n, loss);
  }

  lossOfLastForward(target: ArrayLike<number>, n: number, loss: LossKind): number {
    const y = this.outs[this.nodes.length - 1];
    if (!y) throw new Error('lossOfLastForward: no forward has run');
    if (this.fuses(loss)) return getLoss(loss)(this.lastLayer().preActivation!(), target, n, this.outputSize, null);
    return getLoss(loss)(y, target, n, this.outputSize, null);
  }

  lossAndGradients(x: ArrayLike<number>, target: ArrayLike<number>, n: number, loss: LossKind, gradScale = 1): number {
    this.zeroGrads();
    const y = this.forward(x, n, true);
    const O = this.outputSize;
    const dOut = (this.dOut = ensureCapacity(this.dOut, this.dtype, n * O));
    const fused = this.fuses(loss);
    const value = getLoss(loss)(fused ? this.lastLayer().preActivation!() : y, target, n, O, dOut);
    if (gradScale !== 1) for (let i = 0; i < n * O; i++) dOut[i] *= gradScale;
    this.backward(dOut, n, fused);
    return value;
  }

  outputGradients(): { grads: Record<string, FloatArray>; preActivation: string | null } {
    const grads: Record<string, FloatArray> = {};
    if (!this.lastBackward) return { grads, preActivation: null };
    const { n, fromPre } = this.lastBackward;
    const last = this.nodes.length - 1;
    for (let k = 1; k <= last; k++) grads[this.nodes[k].id] = (k === last ? this.dOut : this.grads[k])!.slice(0, n * this.nodes[k].size);
    return { grads, preActivation: fromPre ? this.nodes[last].id : null };
  }

  /** Reverse pass from dOut = ∂L/∂output (or ∂L/∂pre-activation of the output layer when fromPre). */
  private backward(dOut: FloatArray, n: number, fromPre: boolean): void {
    this.lastBackward = { n, fromPre };
    const last = this.nodes.length - 1;
    for (let k = 1; k < last; k++) {
      const g = (this.grads[k] = ensureCapacity(this.grads[k], this.dtype, n * this.nodes[k].size));
      g.fill(0, 0, n * this.nodes[k].size);
    }
    for (let k = last; k >= 1; k--) {
      const node = this.nodes[k];
      const dy = k === last ? dOut : this.grads[k]!;
      // The Input node (index 0) needs no gradient.
      const dxs = node.inputs.map((j) => (j === 0 ? null : this.grads[j]));
      if (k === last && fromPre) node.layer.backwardFromPreActivation!(dy, dxs, n);
      else node.layer.backward(dy, dxs, n);
    }
  }

  private lastLayer(): Layer {
    return this.nodes[this.nodes.length - 1].layer;
  }

  /** Whether the loss takes logits and the output layer ends in the activation it fuses with. */
  private fuses(loss: LossKind): boolean {
    const l = this.lastLayer();
    const act = FUSED_ACTIVATION[loss];
    return act !== undefined && l.activation === act && !!l.preActivation && !!l.backwardFromPreActivation;
  }
}

