// The dataset selector's pure helpers: switching kinds, the loss that fits, the Input shape that follows.
import { describe, expect, it } from 'vitest';
import { starterDocument } from '../../../src/core';
import type { DatasetConfig } from '../../../src/core/train/config';
import { datasetWith, DEFAULT_SINES, inputShapeChange, lossForTask } from '../../../src/renderer/training/datasetChoice';
import { datasetSpec } from '../../../src/core';
import { createTrainingStore, defaultTrainSettings } from '../../../src/renderer/store/trainingStore';

describe('datasetWith', () => {
  const xor: DatasetConfig = { kind: 'xor', samples: 300, noise: 0.2, seed: 4 };

  it('2-D kinds keep samples, noise and seed; other kinds start from their defaults', () => {
    expect(datasetWith(xor, { kind: 'spirals' }, {})).toEqual({ kind: 'spirals', samples: 300, noise: 0.2, seed: 4 });
    expect(datasetWith(xor, { kind: 'mnist' }, {})).toEqual({ kind: 'mnist' });
    expect(datasetWith(xor, { kind: 'iris' }, {})).toEqual({ kind: 'iris' });
    expect(datasetWith(xor, { kind: 'sines' }, {})).toEqual(DEFAULT_SINES);
  });

  it('edits apply only to fields the kind has', () => {
    expect(datasetWith(DEFAULT_SINES, { length: 30, samples: 9 }, {})).toEqual({ ...DEFAULT_SINES, length: 30 });
    expect(datasetWith({ kind: 'mnist' }, { samples: 9 }, {})).toEqual({ kind: 'mnist' });
  });

  it('the store remembers each kind: back to sines restores its length, back to xor its samples', () => {
    const store = createTrainingStore({ ...defaultTrainSettings, dataset: xor });
    store.getState().setDataset({ kind: 'sines' });
    store.getState().setDataset({ length: 40 });
    store.getState().setDataset({ kind: 'mnist' });
    store.getState().setDataset({ kind: 'sines' });
    expect(store.getState().settings.dataset).toEqual({ ...DEFAULT_SINES, length: 40 });
    store.getState().setDataset({ kind: 'circles' });
    expect(store.getState().settings.dataset).toEqual({ kind: 'circles', samples: 300, noise: 0.2, seed: 4 });
  });
});

describe('lossForTask', () => {
  it('keeps a loss that fits, else picks MSE for regression and sparse cross-entropy for classes', () => {
    expect(lossForTask('bce', datasetSpec({ kind: 'xor', samples: 10, noise: 0, seed: 1 }))).toBeNull();
    expect(lossForTask('bce', datasetSpec({ kind: 'mnist' }))).toBe('sparseCategoricalCrossEntropy');
    expect(lossForTask('softmaxCrossEntropy', datasetSpec({ kind: 'iris' }))).toBeNull();
    expect(lossForTask('bce', datasetSpec(DEFAULT_SINES))).toBe('mse');
    expect(lossForTask('mae', datasetSpec(DEFAULT_SINES))).toBeNull();
  });
});

describe('inputShapeChange', () => {
  it('names the Input node and the dataset\'s shape; null when it already fits', () => {
    const doc = starterDocument();
    expect(inputShapeChange(doc, { kind: 'mnist' })).toEqual({ nodeId: 'input', shape: [28, 28, 1] });
    expect(inputShapeChange(doc, { ...DEFAULT_SINES, length: 12 })).toEqual({ nodeId: 'input', shape: [12, 1] });
    expect(inputShapeChange(doc, { kind: 'xor', samples: 10, noise: 0, seed: 1 })).toBeNull();
    const none = { ...doc, nodes: doc.nodes.filter((n) => n.type !== 'input') };
    expect(inputShapeChange(none, { kind: 'mnist' })).toBeNull();
  });
});
