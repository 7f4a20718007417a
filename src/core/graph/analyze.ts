// Validation, shape inference, parameter counts and execution order of a network document.
// Never throws: the editor calls it on every change, including half-wired documents, and
// shows shapes and parameter counts wherever they can be known.

import { getLayerDefinition } from '../layers/registry';
import { checkSetting, settingApplies, withDefaults } from '../layers/settings';
import type { LayerDefinition, LayerSettings } from '../layers/types';
import { formatShape, type GraphAnalysis, type GraphFix, type GraphIssue } from './analysis';
import type { DocNode, NetworkDocument, Shape } from './document';
import { fixForSetting, fixForShapeMismatch, fixForWindow } from './fixes';

interface NodeInfo {
  node: DocNode;
  def: LayerDefinition | undefined;
  settings: LayerSettings;
  settingsOk: boolean;
  ins: string[]; // source ids, in edge order
  outs: string[];
}

/** `Dense 'hidden2'`: how messages name a node. */
function nameOf(info: NodeInfo): string {
  return `${info.def ? info.def.label : info.node.type} '${info.node.id}'`;
}

export function analyzeGraph(doc: NetworkDocument): GraphAnalysis {
  const issues: GraphIssue[] = [];
  const add = (code: GraphIssue['code'], nodeIds: string[], params: GraphIssue['params'], message: string, fix?: GraphFix | null) =>
    issues.push(fix ? { code, nodeIds, params, message, fix } : { code, nodeIds, params, message });

  // ---- nodes and settings
  const infos = new Map<string, NodeInfo>();
  const rawNodes: unknown[] = Array.isArray(doc?.nodes) ? doc.nodes : [];
  for (const raw of rawNodes) {
    const node = raw as DocNode;
    if (!node || typeof node.id !== 'string' || infos.has(node.id)) continue; // malformed or duplicate id: ignored
    const def = getLayerDefinition(node.type);
    const settings = def ? withDefaults(def.settings, node.settings) : {};
    const info: NodeInfo = { node, def, settings, settingsOk: !!def, ins: [], outs: [] };
    infos.set(node.id, info);
    if (!def) {
      add('invalidSetting', [node.id], { layer: node.id, setting: 'type', reason: `unknown layer type '${String(node.type)}'` },
        `${nameOf(info)}: unknown layer type '${String(node.type)}'`);
      continue;
    }
    for (const spec of def.settings) {
      if (!settingApplies(spec, settings)) continue;
      const reason = checkSetting(spec, settings[spec.key]);
      if (reason) {
        info.settingsOk = false;
        add('invalidSetting', [node.id], { layer: node.id, setting: spec.key, reason },
          `${nameOf(info)}: ${spec.key} ${reason} (got ${JSON.stringify(settings[spec.key])})`, fixForSetting(node.id, spec, settings[spec.key]));
      }
    }
  }
  const ids = [...infos.keys()];

  // ---- edges (edges to missing nodes are reported and ignored)
  const rawEdges: unknown[] = Array.isArray(doc?.edges) ? doc.edges : [];
  for (const raw of rawEdges) {
    const e = raw as { id?: unknown; source?: unknown; target?: unknown };
    if (!e) continue;
    const s = infos.get(e.source as string);
    const t = infos.get(e.target as string);
    if (!s || !t) {
      const present = [s, t].filter((x): x is NodeInfo => !!x).map((x) => x.node.id);
      const missing = !s ? e.source : e.target;
      add('disconnected', present, { layer: String(e.id) },
        `Connection '${String(e.id)}' points to a missing node '${String(missing)}' and is ignored`);
      continue;
    }
    s.outs.push(t.node.id);
    t.ins.push(s.node.id);
  }

  // ---- input counts
  for (const info of infos.values()) {
    if (!info.def) continue;
    const got = info.ins.length;
    const { minInputs: min, maxInputs: max } = info.def;
    if (got > max) {
      add('tooManyInputs', [info.node.id], { layer: info.node.id, max, got },
        `${nameOf(info)} takes ${plural(max, 'input')} but ${got} ${got === 1 ? 'is' : 'are'} connected`);
    } else if (got < min && got > 0) {
      add('tooFewInputs', [info.node.id], { layer: info.node.id, min, got },
        `${nameOf(info)} needs at least ${plural(min, 'input')} but ${got} ${got === 1 ? 'is' : 'are'} connected`);
    } else if (got < min) {
      add('missingInput', [info.node.id], { layer: info.node.id },
        `${nameOf(info)} has no input connected`);
    }
  }

  // ---- cycles: every strongly connected component with a loop
  const cycles = stronglyConnected(ids, (id) => infos.get(id)!.outs).filter(
    (c) => c.length > 1 || infos.get(c[0])!.outs.includes(c[0]),
  );
  const onCycle = new Set<string>();
  for (const c of cycles) {
    c.forEach((id) => onCycle.add(id));
    add('cycle', c, {}, `The connections form a loop through ${c.map((id) => `'${id}'`).join(', ')}`);
  }

  // ---- Input node, output node, reachability
  const inputs = ids.filter((id) => infos.get(id)!.node.type === 'input');
  let inputId: string | null = null;
  let outputId: string | null = null;
  if (inputs.length === 0) {
    add('noInputNode', [], {}, 'The network has no Input layer');
  } else if (inputs.length > 1) {
    add('multipleInputNodes', inputs, { count: inputs.length }, `The network has ${inputs.length} Input layers; it needs exactly one`);
  } else {
    inputId = inputs[0];
    const reach = walk([inputId], (id) => infos.get(id)!.outs);
    const sinks = [...reach].filter((id) => infos.get(id)!.outs.length === 0 && id !== inputId);
    if (sinks.length === 0) {
      // Shown on the Input node: that is where the next layer has to be wired.
      add('noOutput', [inputId], {}, 'Nothing is connected after the Input layer, so the network has no output');
    } else if (sinks.length > 1) {
      add('multipleOutputs', sinks, { count: sinks.length },
        `The network has ${sinks.length} outputs (${sinks.map((id) => `'${id}'`).join(', ')}); it needs exactly one`);
    } else {
      outputId = sinks[0];
    }
    // A node is on the path when it is reachable from Input and reaches an output.
    const coReach = walk(sinks, (id) => infos.get(id)!.ins);
    const flagged = new Set(issues.filter((i) => i.code === 'missingInput').flatMap((i) => i.nodeIds));
    for (const id of ids) {
      if (reach.has(id) && coReach.has(id)) continue;
      if (flagged.has(id) || (id === inputId && sinks.length === 0)) continue;
      const info = infos.get(id)!;
      add('disconnected', [id], { layer: id }, `${nameOf(info)} is not on the path from the Input to the output`);
    }
  }

  // ---- shapes and parameter counts, in topological order over the acyclic part
  const shapes: Record<string, Shape> = {};
  const paramCounts: Record<string, number> = {};
  const nonTrainableParamCounts: Record<string, number> = {};
  const order = topologicalOrder(ids.filter((id) => !onCycle.has(id)), infos, onCycle);
  for (const id of order) {
    const info = infos.get(id)!;
    const def = info.def;
    if (!def || !info.settingsOk || info.ins.length < def.minInputs || info.ins.length > def.maxInputs) continue;
    const inShapes = info.ins.map((s) => shapes[s]);
    if (inShapes.some((s) => s === undefined)) continue;
    const r = def.outputShape(info.settings, inShapes);
    if (!r.ok && r.setting !== undefined) {
      add('invalidSetting', [id], { layer: id, setting: r.setting, reason: r.message }, `${nameOf(info)}: ${r.setting} ${r.message}`,
        fixForWindow(id, def, info.settings, inShapes));
      continue;
    }
    if (!r.ok) {
      const got = inShapes.map(formatShape).join(', ');
      add('shapeMismatch', [id], { layer: id, expected: r.expected, got }, `${nameOf(info)}: ${r.message}`,
        inShapes.length === 1 ? fixForShapeMismatch(id, def, info.settings, inShapes[0]) : null);
      continue;
    }
    shapes[id] = r.shape;
    paramCounts[id] = def.paramCount(info.settings, inShapes);
    nonTrainableParamCounts[id] = def.nonTrainableParamCount?.(info.settings, inShapes) ?? 0;
  }
  const totalParams = Object.values(paramCounts).reduce((a, b) => a + b, 0);
  const totalNonTrainableParams = Object.values(nonTrainableParamCounts).reduce((a, b) => a + b, 0);

  const ok = issues.length === 0;
  return { ok, issues, shapes, paramCounts, totalParams, nonTrainableParamCounts, totalNonTrainableParams, order: ok ? order : [], inputId, outputId };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Nodes reachable from `starts` (inclusive) following `next`. */
function walk(starts: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>(starts);
  const stack = [...starts];
  while (stack.length) for (const n of next(stack.pop()!)) if (!seen.has(n)) (seen.add(n), stack.push(n));
  return seen;
}

/** Kahn's algorithm, stable in document order; edges from/to cycle nodes are left out. */
function topologicalOrder(ids: string[], infos: Map<string, NodeInfo>, excluded: Set<string>): string[] {
  const indeg = new Map<string, number>();
  for (const id of ids) indeg.set(id, infos.get(id)!.ins.filter((s) => !excluded.has(s)).length);
  const ready = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const t of infos.get(id)!.outs) {
      if (excluded.has(t)) continue;
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  return order;
}

/** Tarjan's strongly connected components (iterative, so deep graphs cannot overflow the stack). */
function stronglyConnected(ids: string[], next: (id: string) => string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; i: number }[] = [{ id: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const succ = next(top.id);
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(top.id, Math.min(low.get(top.id)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.id)!));
      }
      if (low.get(top.id) === index.get(top.id)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.id);
        out.push(comp.reverse());
      }
    }
  }
  return out;
}
