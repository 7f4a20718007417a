// Document commands: small pure functions NetworkDocument -> NetworkDocument.
// The store applies them; tests run them headless.
export { addNode } from './addNode';
export type { AddNodeResult } from './addNode';
export { removeNodes } from './removeNodes';
export { removeEdges } from './removeEdges';
export { connect } from './connect';
export { updateSettings } from './updateSettings';
export { moveNode } from './moveNode';
export { nextNodeId, edgeId } from './ids';
