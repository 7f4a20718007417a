// The model summary as text and as a file: core's summarizeGraph + formatSummary (the Keras
// model.summary() layout); only the model name and the file name are decided here.
import { formatSummary, summarizeGraph, type ModelSummary, type NetworkDocument } from '../../core';

/** Keras names a model with an identifier; a project name is close enough once cleaned. */
export function modelName(projectName: string): string {
  const cleaned = projectName.trim().replace(/\s+/g, '_').replace(/[^\p{L}\p{N}_-]/gu, '');
  return cleaned || 'model';
}

export function summaryText(doc: NetworkDocument, projectName: string, summary: ModelSummary = summarizeGraph(doc)): string {
  return formatSummary(summary, { name: modelName(projectName) });
}

/** `circle study` -> `circle study-summary.txt`; characters no file system takes are dropped. */
export function summaryFileName(projectName: string): string {
  const base = projectName.trim().replace(/[/\\:*?"<>|]/g, '').replace(/^\.+/, '');
  return `${base || 'model'}-summary.txt`;
}
