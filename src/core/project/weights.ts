import type { TrainableModel } from '../graph/model';
import type { NamedTensor } from './safetensors';

/** A model's current parameters as named float32 tensors, in model order (what weights.safetensors holds). */
export function namedWeights(model: Pick<TrainableModel, 'parameters'>): NamedTensor[] {
  return model.parameters().map((p) => ({ name: p.name, shape: [...p.shape], data: Float32Array.from(p.value) }));
}
