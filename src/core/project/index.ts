// Projects: the `.netloom` file format (docs/file-format.md).
export type { Project, ProjectRun, ProjectTraining, ProjectIssue, ProjectIssueCode, ReadProjectResult } from './types';
export { FORMAT_VERSION, DEFAULT_TRAINING, DEFAULT_DATASET, projectTrainConfig } from './types';
export { readProject, writeProject, checkGraph, projectJsonText, PROJECT_ENTRY, WEIGHTS_ENTRY, OPTIMIZER_ENTRY, MAX_NETWORK_SIZE } from './file';
export { migrate } from './migrate';
export type { MigrateResult } from './migrate';
export { encodeSafetensors, decodeSafetensors } from './safetensors';
export type { NamedTensor, SafetensorsResult } from './safetensors';
export { namedWeights } from './weights';
