// The network document: what the user builds on the canvas and what gets saved.
// Pure data (JSON-serializable). Shapes never include the batch dimension.

/** Layer type names are short lowercase strings, the same key everywhere (registry, files, palette, IPC). */
export type LayerType = string;

export interface DocNode {
  id: string;
  type: LayerType;
  /** Layer settings, e.g. { units: 8, activation: 'tanh' }. Missing keys take the registry's defaults. */
  settings: Record<string, unknown>;
  /** Canvas position; ignored by the engine. */
  position: { x: number; y: number };
}

export interface DocEdge {
  id: string;
  source: string;
  target: string;
}

export interface NetworkDocument {
  nodes: DocNode[];
  edges: DocEdge[];
}

/** A tensor shape without the batch dimension, e.g. [8] for `(batch, 8)`. */
export type Shape = number[];
