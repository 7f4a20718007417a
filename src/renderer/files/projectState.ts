// Between the app's stores and a Project (core/project): what Save writes and what Open restores.
// Pure functions, so the mapping is tested headless (tests/unit/renderer/projectState.test.ts).
import { compileNetwork, type NetworkDocument, type Project, type ProjectIssue, type ProjectRun, type TrainConfig } from '../../core';
import type { OptimizerState } from '../../core/optim/types';
import { isNewerCanvasView, parseCanvasView, type CanvasView } from '../canvas/canvasView';
import { parseRaceSettings, type RaceSettings } from '../race/raceSettings';
import type { RunState, TrainStatus } from '../store/trainingReducer';
import type { TrainSettings } from '../store/trainingStore';

/** What Save reads from the stores. */
export interface AppState {
  doc: NetworkDocument;
  settings: TrainSettings;
  run: Pick<RunState, 'status' | 'history' | 'params'> & { runConfig: TrainConfig | null; optimizerState?: OptimizerState | null };
  /** The optimizer race (views.race); undefined: keep what the opened project had. */
  race?: RaceSettings;
  /** The canvas's pan and zoom (views.canvas); undefined: keep what the opened project had. */
  canvas?: CanvasView;
}

/**
 * The project to save: the stores' state over `base` (the project as opened), so fields and
 * files this version does not know — and the race view's slot — survive Open → Save.
 */
export function projectFromState(base: Project | null, name: string, state: AppState): Project {
  const { dataset, ...training } = state.settings;
  const project: Project = { ...(base ?? {}), formatVersion: 1, name, graph: state.doc, training, dataset };
  delete project.run;
  const run = runFromState(base?.run ?? null, state.run);
  if (run) project.run = run;
  if (state.race || state.canvas) {
    project.views = { ...(base?.views ?? {}), ...(state.race ? { race: state.race } : {}), ...(state.canvas ? { canvas: state.canvas } : {}) };
  }
  return project;
}

function runFromState(base: ProjectRun | null, run: AppState['run']): ProjectRun | null {
  if (!run.runConfig || run.status === 'idle') return null;
  const { document, dataset, ...training } = run.runConfig;
  // A run still going is saved as it stands: its history so far and its latest weights.
  const status: ProjectRun['status'] = run.status === 'running' ? 'stopped' : run.status;
  const out: ProjectRun = { ...(base ?? {}), status, graph: document, training, dataset, history: run.history };
  delete out.weights;
  delete out.optimizerState;
  if (run.params) {
    try {
      const params = compileNetwork(document).parameters();
      if (params.length === run.params.length && params.every((p, k) => p.value.length === run.params![k].length)) {
        out.weights = params.map((p, k) => ({ name: p.name, shape: [...p.shape], data: run.params![k] }));
        // The optimizer's state belongs to these weights (both from the run's final snapshot).
        if (run.optimizerState) out.optimizerState = float32State(run.optimizerState);
      }
    } catch {
      // a run's document always compiles; if not, the history is still worth keeping
    }
  }
  return out;
}

/** Buffers as float32 (a float64 run's state is saved like its weights: safetensors F32). */
function float32State(state: OptimizerState): Record<string, Float32Array | number> {
  const out: Record<string, Float32Array | number> = {};
  for (const [k, v] of Object.entries(state)) out[k] = typeof v === 'number' || v instanceof Float32Array ? v : Float32Array.from(v);
  return out;
}

/** What Open puts into the stores. */
export interface OpenedState {
  doc: NetworkDocument;
  settings: TrainSettings;
  /** The last run to show (curves, decision boundary); null when the project has none. */
  run: {
    status: TrainStatus; runConfig: TrainConfig; history: RunState['history']; params: Float32Array[] | null; optimizerState: OptimizerState | null;
  } | null;
  /** The saved race; null when the project has none or it cannot be used (then `warnings` says why). */
  race: RaceSettings | null;
  /** The saved pan and zoom; null when the project has none this version reads (the canvas then fits the network). */
  canvas: CanvasView | null;
  /** Whether Save may write views.canvas: not over a slot this version cannot read (a newer app's), kept as it was. */
  canvasOwned: boolean;
  /** Problems with view state that did not stop the network from opening. */
  warnings: ProjectIssue[];
}

export function stateFromProject(project: Project): OpenedState {
  const settings = { ...project.training, dataset: project.dataset } as TrainSettings;
  const r = project.run;
  const { race, warnings } = raceFromProject(project);
  const canvas = parseCanvasView(project.views?.canvas);
  return {
    race,
    warnings,
    canvas,
    canvasOwned: !isNewerCanvasView(project.views?.canvas),
    doc: project.graph,
    settings,
    run: r
      ? {
          status: r.status,
          runConfig: { ...r.training, dataset: r.dataset, document: r.graph } as TrainConfig,
          history: r.history,
          params: r.weights ? r.weights.map((w) => w.data) : null,
          optimizerState: r.weights && r.optimizerState ? r.optimizerState : null,
        }
      : null,
  };
}

/** The race saved in views.race, checked by the race's own rules: a bad one is a warning, not a failure. */
function raceFromProject(project: Project): { race: RaceSettings | null; warnings: ProjectIssue[] } {
  const raw = project.views?.race;
  if (raw === undefined) return { race: null, warnings: [] };
  const r = parseRaceSettings(raw);
  if (r.ok) return { race: r.settings, warnings: [] };
  const p = r.problem;
  if (p.kind === 'version') {
    return { race: null, warnings: [{ path: 'views.race.version', code: 'viewVersion', params: { version: p.version }, message: `the optimizer race was saved by a newer Netloom (race version ${p.version}); it is kept in the file but not shown` }] };
  }
  const path = p.path ? `views.race.${p.path}` : 'views.race';
  return { race: null, warnings: [{ path, code: 'viewInvalid', params: { reason: p.reason }, message: `the optimizer race could not be restored: ${p.reason}` }] };
}

/** `● Two spirals — Netloom`: the window title, with a dot while there are unsaved changes. */
export function windowTitle(name: string, dirty: boolean): string {
  return `${dirty ? '● ' : ''}${name} — Netloom`;
}
