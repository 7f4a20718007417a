import { compileNetwork, defaultSettings, namedWeights, type DocNode, type NetworkDocument, type Project } from '../../../src/core';

/** A chain of layers: [id, type, settings] in order, wired one after the other. */
export function chain(spec: [string, string, Record<string, unknown>][]): NetworkDocument {
  const nodes: DocNode[] = spec.map(([id, type, s], i) => ({ id, type, settings: { ...defaultSettings(type), ...s }, position: { x: i * 200, y: 100 } }));
  const edges = nodes.slice(1).map((n, i) => ({ id: `e-${nodes[i].id}-${n.id}`, source: nodes[i].id, target: n.id }));
  return { nodes, edges };
}

export const mlpGraph = (): NetworkDocument =>
  chain([
    ['input', 'input', { shape: [2] }],
    ['hidden', 'dense', { units: 5, activation: 'tanh' }],
    ['output', 'dense', { units: 1, activation: 'sigmoid' }],
  ]);

/** A trained-looking project: weights from a seeded init, a short history, optimizer state. */
export function sampleProject(): Project {
  const graph = mlpGraph();
  const model = compileNetwork(graph, { seed: 7 });
  const training = { loss: 'bce' as const, optimizer: { kind: 'adam' as const, learningRate: 0.01 }, batchSize: 8, epochs: 3, validationSplit: 0.25, seed: 4 };
  const dataset = { kind: 'spirals' as const, samples: 200, noise: 0.1, seed: 2 };
  return {
    formatVersion: 1,
    name: 'sample',
    graph,
    training,
    dataset,
    views: { race: { lanes: ['sgd', 'adam'], t: 12 } },
    run: {
      status: 'completed',
      graph,
      training,
      dataset,
      history: [
        { epoch: 1, trainLoss: 0.69, trainAccuracy: 0.5, valLoss: 0.7, valAccuracy: 0.48 },
        { epoch: 2, trainLoss: 0.6, trainAccuracy: 0.66, valLoss: 0.62, valAccuracy: 0.6 },
        { epoch: 3, trainLoss: 0.5, trainAccuracy: 0.75, valLoss: null, valAccuracy: null },
      ],
      weights: namedWeights(model),
      optimizerState: { lr: 0.01, t: 75, 'hidden.kernel/m': new Float32Array([0.5, -0.25, 1, 2, 3, 4, 5, 6, 7, 8]) },
    },
  };
}
