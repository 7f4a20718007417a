// Training configs shared by the process and server tests.
import { starterDocument } from '../../src/core';
import type { TrainConfig } from '../../src/core/train/config';

/** The starter network (2 → 8 tanh → 8 tanh → 1 sigmoid) on XOR. */
export function xorConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    document: starterDocument(),
    dataset: { kind: 'xor', samples: 300, noise: 0, seed: 7 },
    loss: 'bce',
    optimizer: { kind: 'adam', learningRate: 0.03 },
    batchSize: 16,
    epochs: 150,
    validationSplit: 0,
    seed: 1,
    ...overrides,
  };
}

/** A run long enough to still be going when a test interrupts it. */
export function longConfig(): TrainConfig {
  return xorConfig({ epochs: 100_000 });
}

/** Input of 3 features for a 2-D dataset: createTrainingSession must refuse it. */
export function invalidConfig(): TrainConfig {
  const config = xorConfig();
  const input = config.document.nodes.find((n) => n.type === 'input');
  if (!input) throw new Error('starter document has no input node');
  input.settings = { ...input.settings, shape: [3] };
  return config;
}
