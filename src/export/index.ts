// One entry for every export format: core's Python writers plus the ONNX encoder (protobufjs).
// Node- and browser-safe (no node:* imports): the CLI writes the files, the renderer could download them.
import { exportKeras, exportPytorch, type ExportFormat, type ExportPlan, type ExportResult } from '../core/export';
import { exportOnnx } from './onnx/encode';

/**
 * The files of one export. baseName names them: `<baseName>.onnx`, or `<baseName>.py` plus
 * `<baseName>.safetensors`. Throws ExportError for a network or layer the format cannot express.
 */
export function exportNetwork(plan: ExportPlan, format: ExportFormat, baseName: string, producerVersion?: string): ExportResult {
  if (format === 'onnx') return { files: [exportOnnx(plan, `${baseName}.onnx`, producerVersion)], notes: plan.notes };
  if (format === 'pytorch') return exportPytorch(plan, baseName);
  return exportKeras(plan, baseName);
}

export { exportOnnx, encodeOnnxModel, decodeOnnxModel, onnxModelProto } from './onnx/encode';
