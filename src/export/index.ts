// One entry for every export format: core's Python writers plus the ONNX encoder (protobufjs).
// Node- and browser-safe (no node:* imports): the CLI and the desktop app write the files, the
// browser build downloads them.
import {
  exportKeras, exportPytorch, planExport, projectExportSource, pythonName,
  type ExportFormat, type ExportPlan, type ExportResult,
} from '../core/export';
import type { Project } from '../core/project/types';
import { exportOnnx } from './onnx/encode';

/** Recorded as the producer version in exported ONNX files (package.json's version). */
export const PRODUCER_VERSION = '0.1.0';

/**
 * The files of one export. baseName names them: `<baseName>.onnx`, or `<baseName>.py` plus
 * `<baseName>.safetensors`. Throws ExportError for a network or layer the format cannot express.
 */
export function exportNetwork(plan: ExportPlan, format: ExportFormat, baseName: string, producerVersion?: string): ExportResult {
  if (format === 'onnx') return { files: [exportOnnx(plan, `${baseName}.onnx`, producerVersion)], notes: plan.notes };
  if (format === 'pytorch') return exportPytorch(plan, baseName);
  return exportKeras(plan, baseName);
}

/** The main file's extension: `.onnx`, or `.py` (its weights go beside it as `.safetensors`). */
export const exportExtension = (format: ExportFormat): string => (format === 'onnx' ? '.onnx' : '.py');

/** The default main file name: two-spirals -> two_spirals.onnx, two_spirals_torch.py, two_spirals_keras.py. */
export function defaultExportFileName(projectName: string, format: ExportFormat): string {
  const stem = pythonName(projectName.replace(/\.netloom$/i, ''));
  return format === 'onnx' ? `${stem}.onnx` : `${stem}_${format === 'pytorch' ? 'torch' : 'keras'}.py`;
}

/**
 * A project's export, the one `netloom export` and File › Export make: the project's graph with
 * its trained weights when they fit (else its initial ones, with a note). `fileName` is the main
 * file's name (default: defaultExportFileName); files[0] is that file (`x.onnx` or `x.py`), then
 * `x.safetensors`, the name the Python file loads. `name` stands in for a project without a name.
 * Throws ExportError for an invalid network or a layer the format cannot express (naming it).
 */
export function exportProject(project: Project, format: ExportFormat, options: { name?: string; fileName?: string } = {}): ExportResult {
  const name = project.name ?? options.name ?? 'model';
  const fileName = options.fileName ?? defaultExportFileName(name, format);
  const baseName = fileName.replace(format === 'onnx' ? /\.onnx$/i : /\.py$/i, '');
  return exportNetwork(planExport(projectExportSource(project, name)), format, baseName, PRODUCER_VERSION);
}

export { exportOnnx, encodeOnnxModel, decodeOnnxModel, onnxModelProto } from './onnx/encode';
