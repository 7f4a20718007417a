// Exporters: the network (with trained weights when present) for PyTorch, Keras and ONNX.
// planExport() resolves the graph and weights once; each writer turns the plan into files.
// The ONNX writer's protobuf encoding lives outside core (src/export/onnx/encode.ts); the graph
// mapping it encodes is here (onnxGraph.ts).
export { planExport, projectExportSource, ExportError, EXPORT_FORMATS, FORMAT_LABELS, pythonName } from './plan';
export type { ExportFormat, ExportFile, ExportResult, ExportPlan, ExportSource, PlanNode } from './plan';
export { exportPytorch } from './pytorch';
export { exportKeras } from './keras';
export { buildOnnxModel, ONNX_OPSET, ONNX_IR_VERSION } from './onnxGraph';
export type { OnnxModelSpec, OnnxNodeSpec, OnnxTensorSpec, OnnxAttribute, OnnxValueInfo } from './onnxGraph';
