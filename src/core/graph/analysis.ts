import type { Shape } from './document';

/**
 * A problem found when validating a document. `code` is stable and translated by the UI
 * (i18n key `issues.<code>`, interpolated with `params`); `message` is the English text
 * for logs, the CLI and tests.
 */
export type GraphIssueCode =
  | 'cycle' // params: {}
  | 'tooManyInputs' // params: { layer: string, max: number, got: number }
  | 'missingInput' // params: { layer: string }  (a non-Input node with no incoming edge)
  | 'tooFewInputs' // params: { layer: string, min: number, got: number }  (a merge node with some but too few inputs)
  | 'noInputNode' // params: {}  (document has no Input node)
  | 'multipleInputNodes' // params: { count: number }
  | 'noOutput' // params: {}  (no node reachable from Input is a sink; nodeIds: the Input node)
  | 'multipleOutputs' // params: { count: number }
  | 'disconnected' // params: { layer: string }  (node not on a path from Input to the output)
  | 'invalidSetting' // params: { layer: string, setting: string, reason: string }
  | 'shapeMismatch'; // params: { layer: string, expected: string, got: string }

export interface GraphIssue {
  code: GraphIssueCode;
  /** Nodes the issue concerns (shown on each of them); empty for whole-document issues. */
  nodeIds: string[];
  params: Record<string, string | number>;
  message: string;
  /** A change that resolves the issue, when one is known (checked to work): the UI offers it as one click (applyFix). */
  fix?: GraphFix;
}

/**
 * A suggested one-click repair. `label` is English for logs and the CLI; the UI translates by
 * kind (i18n `fixes.<kind>`, with the layer type or setting).
 */
export type GraphFix =
  /** Insert a new layer of `type` on the incoming connection(s) of node `before`. */
  | { kind: 'insertNode'; type: string; settings?: Record<string, unknown>; before: string; label: string }
  /** Set one setting of a node. */
  | { kind: 'setSetting'; nodeId: string; key: string; value: unknown; label: string };

export interface GraphAnalysis {
  /** True when the document can be compiled and trained. */
  ok: boolean;
  issues: GraphIssue[];
  /** Output shape of each node whose shape could be inferred. */
  shapes: Record<string, Shape>;
  /** Trainable parameter count of each node whose input shape is known. */
  paramCounts: Record<string, number>;
  totalParams: number;
  /** Non-trainable parameter count of each node whose input shape is known (BatchNorm's running statistics; 0 for most). */
  nonTrainableParamCounts: Record<string, number>;
  totalNonTrainableParams: number;
  /** Node ids in execution order (only when ok). */
  order: string[];
  inputId: string | null;
  outputId: string | null;
}

/** `(batch, 8)` / `(batch, 28, 28, 1)`: how the UI labels a shape. */
export function formatShape(shape: Shape): string {
  return `(batch, ${shape.join(', ')})`;
}
