// OnnxModelSpec (core/export/onnxGraph.ts: plain data) -> .onnx bytes, encoded by protobufjs with the
// official onnx.proto definitions (the `onnx-proto` package: onnx.proto compiled to a static
// protobufjs module). No Node APIs: the renderer can use it as well as the CLI.

import { onnx } from 'onnx-proto';
import { buildOnnxModel, type OnnxAttribute, type OnnxModelSpec, type OnnxTensorSpec } from '../../core/export/onnxGraph';
import type { ExportFile, ExportPlan } from '../../core/export/plan';

const utf8 = new TextEncoder();
const { AttributeType } = onnx.AttributeProto;
const { DataType } = onnx.TensorProto;

function attribute(a: OnnxAttribute): onnx.IAttributeProto {
  switch (a.type) {
    case 'int': return { name: a.name, type: AttributeType.INT, i: a.value };
    case 'ints': return { name: a.name, type: AttributeType.INTS, ints: a.value };
    case 'float': return { name: a.name, type: AttributeType.FLOAT, f: a.value };
    case 'floats': return { name: a.name, type: AttributeType.FLOATS, floats: a.value };
    case 'string': return { name: a.name, type: AttributeType.STRING, s: utf8.encode(a.value) };
    case 'strings': return { name: a.name, type: AttributeType.STRINGS, strings: a.value.map((v) => utf8.encode(v)) };
  }
}

/** Float tensors go in raw_data, little-endian as the spec requires (whatever the host's order). */
function tensor(t: OnnxTensorSpec): onnx.ITensorProto {
  if (t.dataType === 'int64') return { name: t.name, dims: t.dims, dataType: DataType.INT64, int64Data: t.data };
  const raw = new Uint8Array(t.data.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < t.data.length; i++) view.setFloat32(4 * i, t.data[i], true);
  return { name: t.name, dims: t.dims, dataType: DataType.FLOAT, rawData: raw };
}

function valueInfo(v: { name: string; dims: (number | string)[] }): onnx.IValueInfoProto {
  const dim = v.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name: v.name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim } } } };
}

/** The ModelProto message of a spec (exposed for tests that decode and inspect it). */
export function onnxModelProto(spec: OnnxModelSpec): onnx.ModelProto {
  return onnx.ModelProto.create({
    irVersion: spec.irVersion,
    opsetImport: [{ domain: '', version: spec.opset }],
    producerName: spec.producerName,
    producerVersion: spec.producerVersion,
    docString: spec.docString,
    metadataProps: Object.entries(spec.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: spec.graphName,
      node: spec.nodes.map((n) => ({ name: n.name, opType: n.opType, input: n.inputs, output: n.outputs, attribute: n.attributes.map(attribute) })),
      initializer: spec.initializers.map(tensor),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
  });
}

export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  return onnx.ModelProto.encode(onnxModelProto(spec)).finish();
}

/** The `.onnx` file of a planned network. Throws ExportError for a layer ONNX cannot express. */
export function exportOnnx(plan: ExportPlan, fileName = 'model.onnx', producerVersion?: string): ExportFile {
  return { name: fileName, data: encodeOnnxModel(buildOnnxModel(plan, producerVersion)) };
}

/** Decodes .onnx bytes (tests, and a sanity check after writing). */
export function decodeOnnxModel(bytes: Uint8Array): onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
