// What choosing a dataset does: the training settings change, the Input node's shape follows the
// dataset (one updateSettings command on the document store) and a loss that does not fit the
// new task is swapped for one that does.
import { datasetSpec } from '../../core';
import { documentStore } from '../store/documentStore';
import { trainingStore } from '../store/trainingStore';
import { inputShapeChange, lossForTask, type DatasetPatch } from './datasetChoice';

export function chooseDataset(patch: DatasetPatch): void {
  const training = trainingStore.getState();
  training.setDataset(patch);
  const { dataset, loss } = trainingStore.getState().settings;
  const change = inputShapeChange(documentStore.getState().doc, dataset);
  if (change) documentStore.getState().updateSettings(change.nodeId, { shape: change.shape });
  const fitting = lossForTask(loss, datasetSpec(dataset));
  if (fitting) trainingStore.getState().setLoss(fitting);
}
