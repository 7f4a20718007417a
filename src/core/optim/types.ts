import type { FloatArray, Param } from '../tensor/tensor';
import type { Kernels } from '../tensor/kernels';
import { workspaceOf } from '../tensor/wasmKernels';

/** An optimizer's saved state: per-parameter buffers (keyed `<param name>/<buffer>`) and scalars ('lr', 't'). */
export type OptimizerState = Record<string, FloatArray | number>;

/** Updates the parameters it was built over from their accumulated gradients. */
export interface Optimizer {
  readonly kind: string;
  /** The learning rate of the next step (a learning-rate schedule sets it between epochs). */
  learningRate: number;
  /**
   * One update p ← p − Δ(grad); grads are left as they are (the model zeroes them before each batch).
   * range: update only those elements (ParamRange); scalar state such as Adam's step count advances
   * either way, so threads that each step their own range stay in lockstep.
   */
  step(range?: ParamRange): void;
  /** Copies of the state (buffers, step count, learning rate), like PyTorch's optimizer.state_dict(). */
  state(): OptimizerState;
  /** Restores what state() returned (from an optimizer over parameters of the same names and sizes). */
  loadState(s: OptimizerState): void;
}

/** Per parameter: the kernels of the wasm workspace it lives in (they update it in place), else null (then the installed kernels()). */
export function ownKernels(params: readonly Param[]): (Kernels | null)[] {
  return params.map((p) => workspaceOf(p.value)?.kernels ?? null);
}

/** Elements [i0, i1) of a parameter-shaped array: the array itself when that is all of it. */
export function slice(a: FloatArray, i0: number, i1: number): FloatArray {
  return i0 === 0 && i1 === a.length ? a : a.subarray(i0, i1);
}

/** A zeroed state buffer shaped like a parameter (same dtype; in the parameter's wasm workspace when it lives in one). */
export function stateLike(p: Param): FloatArray {
  const ws = workspaceOf(p.value);
  if (ws) return ws.allocate(p.value.length);
  return p.value instanceof Float64Array ? new Float64Array(p.value.length) : new Float32Array(p.value.length);
}

/**
 * Adds state() / loadState() to an optimizer whose state is named buffers per parameter (null: not
 * kept, e.g. RMSprop's momentum buffer when μ = 0), the learning rate ('lr') and optional scalars
 * (Adam's step count 't') read and written through get/set.
 */
export function withState(
  opt: Omit<Optimizer, 'state' | 'loadState'>,
  params: readonly Param[],
  buffers: Record<string, readonly FloatArray[] | null>,
  scalars: { get(): Record<string, number>; set(s: Record<string, number>): void } = { get: () => ({}), set: () => {} },
): Optimizer {
  const out = opt as Optimizer;
  out.state = () => {
    const s: OptimizerState = { lr: out.learningRate, ...scalars.get() };
    for (const [buf, arrays] of Object.entries(buffers)) if (arrays) params.forEach((p, k) => (s[`${p.name}/${buf}`] = arrays[k].slice()));
    return s;
  };
  out.loadState = (s) => {
    const nums: Record<string, number> = {};
    for (const key of ['lr', ...Object.keys(scalars.get())]) {
      const v = s[key];
      if (typeof v !== 'number') throw new Error(`loadState: missing number '${key}'`);
      nums[key] = v;
    }
    // Check everything before changing anything.
    for (const [buf, arrays] of Object.entries(buffers)) {
      if (!arrays) continue;
      params.forEach((p, k) => {
        const v = s[`${p.name}/${buf}`];
        if (typeof v !== 'object' || v.length !== arrays[k].length)
          throw new Error(`loadState: '${p.name}/${buf}' needs ${arrays[k].length} values, got ${typeof v === 'object' ? v.length : String(v)}`);
      });
    }
    for (const [buf, arrays] of Object.entries(buffers)) if (arrays) params.forEach((p, k) => arrays[k].set(s[`${p.name}/${buf}`] as FloatArray));
    out.learningRate = nums.lr;
    const { lr: _lr, ...rest } = nums;
    scalars.set(rest);
  };
  return out;
}

/**
 * A slice [from, to) of an optimizer's parameters laid end to end (their flattened concatenation, in
 * the order the optimizer was built with). Every optimizer here is elementwise, so updating a range
 * gives the same values as a whole step on those elements: data-parallel training shares one step
 * between threads this way (src/trainer/parallelGradients.ts), each updating its own range.
 */
export interface ParamRange {
  from: number;
  to: number;
}

/** Calls fn(k, i0, i1) for every parameter k overlapping `range` with its own element range [i0, i1); all of them without one. */
export function forEachSlice(params: readonly Param[], range: ParamRange | undefined, fn: (k: number, i0: number, i1: number) => void): void {
  let offset = 0;
  for (let k = 0; k < params.length; k++) {
    const n = params[k].value.length;
    const i0 = range ? Math.max(0, range.from - offset) : 0;
    const i1 = range ? Math.min(n, range.to - offset) : n;
    if (i1 > i0) fn(k, i0, i1);
    offset += n;
  }
}
