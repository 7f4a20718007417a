import type { NetworkDocument } from '../../core/graph/document';
import type { GraphAnalysis } from '../../core/graph/analysis';
import { analyzeGraph } from '../../core';
import { useDocumentStore } from './documentStore';

// Analysis ignores positions, so a drag (which only replaces the moved node's position)
// must not re-run it. Same node ids/types/settings objects and the same edges array
// means the same analysis.
let lastDoc: NetworkDocument | null = null;
let lastAnalysis: GraphAnalysis | null = null;

function sameStructure(a: NetworkDocument, b: NetworkDocument): boolean {
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x.id !== y.id || x.type !== y.type || x.settings !== y.settings) return false;
  }
  return true;
}

/** core's analyzeGraph, memoized on the document's structure. */
export function analysisOf(doc: NetworkDocument): GraphAnalysis {
  if (lastDoc && lastAnalysis && (lastDoc === doc || sameStructure(lastDoc, doc))) {
    lastDoc = doc;
    return lastAnalysis;
  }
  lastAnalysis = analyzeGraph(doc);
  lastDoc = doc;
  return lastAnalysis;
}

export function useAnalysis(): GraphAnalysis {
  return useDocumentStore((s) => analysisOf(s.doc));
}
