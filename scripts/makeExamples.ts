// Generates examples/*.netloom from code: `npx tsx scripts/makeExamples.ts`. The files are
// committed; tests/unit/project/examples.test.ts checks they open and match what this builds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/netloom';
import {
  DEFAULT_DATASET, defaultSettings, getLayerDefinition, validateTrainConfig, writeProject, projectTrainConfig,
  type DocNode, type NetworkDocument, type Project,
} from '../src/core';

const dir = join(__dirname, '../examples');

function chain(spec: [string, string, Record<string, unknown>][]): NetworkDocument {
  const nodes: DocNode[] = spec.map(([id, type, s], i) => ({ id, type, settings: { ...defaultSettings(type), ...s }, position: { x: i * 240, y: 120 } }));
  const edges = nodes.slice(1).map((n, i) => ({ id: `e-${nodes[i].id}-${n.id}`, source: nodes[i].id, target: n.id }));
  return { nodes, edges };
}

export function exampleProjects(): Record<string, Project> {
  const out: Record<string, Project> = {
    // The course's 6→5→4→3 network (74 parameters): for the summary and the shapes, no dataset of 6 features.
    'course-mlp-6-5-4-3': {
      formatVersion: 1,
      name: 'Course MLP 6-5-4-3',
      graph: chain([
        ['input', 'input', { shape: [6] }],
        ['hidden1', 'dense', { units: 5, activation: 'sigmoid' }],
        ['hidden2', 'dense', { units: 4, activation: 'sigmoid' }],
        ['output', 'dense', { units: 3, activation: 'softmax' }],
      ]),
      training: { loss: 'categoricalCrossEntropy', optimizer: { kind: 'sgd', learningRate: 0.5 }, batchSize: 1, epochs: 10, validationSplit: 0, seed: 1 },
      dataset: DEFAULT_DATASET,
    },
    'two-spirals': {
      formatVersion: 1,
      name: 'Two spirals',
      graph: chain([
        ['input', 'input', { shape: [2] }],
        ['hidden1', 'dense', { units: 16, activation: 'tanh' }],
        ['hidden2', 'dense', { units: 16, activation: 'tanh' }],
        ['output', 'dense', { units: 1, activation: 'sigmoid' }],
      ]),
      training: { loss: 'bce', optimizer: { kind: 'adam', learningRate: 0.01 }, batchSize: 8, epochs: 200, validationSplit: 0.2, seed: 1 },
      dataset: { kind: 'spirals', samples: 400, noise: 0, seed: 1 },
    },
  };
  if (getLayerDefinition('conv2d') && getLayerDefinition('maxPool2d')) {
    out['mnist-cnn'] = {
      formatVersion: 1,
      name: 'MNIST CNN',
      graph: chain([
        ['input', 'input', { shape: [28, 28, 1] }],
        ['conv1', 'conv2d', { filters: 8, kernelSize: [3, 3], activation: 'relu' }],
        ['pool1', 'maxPool2d', { poolSize: [2, 2], strides: [2, 2] }],
        ['conv2', 'conv2d', { filters: 16, kernelSize: [3, 3], activation: 'relu' }],
        ['pool2', 'maxPool2d', { poolSize: [2, 2], strides: [2, 2] }],
        ['flatten', 'flatten', {}],
        ['output', 'dense', { units: 10, activation: 'softmax' }],
      ]),
      training: { loss: 'sparseCategoricalCrossEntropy', optimizer: { kind: 'adam', learningRate: 0.001 }, batchSize: 32, epochs: 3, validationSplit: 0.2, seed: 1 },
      dataset: { kind: 'mnist' } as Project['dataset'],
    };
  }
  if (getLayerDefinition('lstm')) {
    out['lstm-forecaster'] = {
      formatVersion: 1,
      name: 'LSTM forecaster',
      graph: chain([
        ['input', 'input', { shape: [24, 1] }],
        ['lstm', 'lstm', { units: 16 }],
        ['output', 'dense', { units: 1 }],
      ]),
      training: { loss: 'mse', optimizer: { kind: 'adam', learningRate: 0.01 }, batchSize: 32, epochs: 20, validationSplit: 0.2, seed: 1 },
      dataset: { kind: 'sines', length: 24, horizon: 1, count: 1000, noise: 0.05, seed: 1 } as Project['dataset'],
    };
  }
  return out;
}

/** Examples that are shipped trained (small enough to train here in seconds). */
export const TRAINED_EXAMPLES = ['two-spirals'];

async function run(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const io = { out: (t: string) => console.log(t), err: (t: string) => console.error(t) };
  for (const [file, project] of Object.entries(exampleProjects())) {
    const path = join(dir, `${file}.netloom`);
    writeFileSync(path, writeProject(project));
    const issues = file === 'course-mlp-6-5-4-3' ? [] : validateTrainConfig(projectTrainConfig(project));
    if (issues.length) throw new Error(`${file}: ${issues.map((i) => i.message).join('; ')}`);
    if (TRAINED_EXAMPLES.includes(file)) {
      const code = await main(['train', path], io);
      if (code !== 0) throw new Error(`${file}: training failed (exit ${code})`);
    }
    console.log(`wrote examples/${file}.netloom`);
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
