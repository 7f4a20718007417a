// Between the app's stores and a Project (core/project): what Save writes and what Open restores.
// Pure functions, so the mapping is tested headless (tests/unit/renderer/projectState.test.ts).
import { compileNetwork, type NetworkDocument, type Project, type ProjectRun, type TrainConfig } from '../../core';
import type { RunState, TrainStatus } from '../store/trainingReducer';
import type { TrainSettings } from '../store/trainingStore';

/** What Save reads from the stores. */
export interface AppState {
  doc: NetworkDocument;
  settings: TrainSettings;
  run: Pick<RunState, 'status' | 'history' | 'params'> & { runConfig: TrainConfig | null };
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
      }
    } catch {
      // a run's document always compiles; if not, the history is still worth keeping
    }
  }
  return out;
}

/** What Open puts into the stores. */
export interface OpenedState {
  doc: NetworkDocument;
  settings: TrainSettings;
  /** The last run to show (curves, decision boundary); null when the project has none. */
  run: { status: TrainStatus; runConfig: TrainConfig; history: RunState['history']; params: Float32Array[] | null } | null;
}

export function stateFromProject(project: Project): OpenedState {
  const settings = { ...project.training, dataset: project.dataset } as TrainSettings;
  const r = project.run;
  return {
    doc: project.graph,
    settings,
    run: r
      ? {
          status: r.status,
          runConfig: { ...r.training, dataset: r.dataset, document: r.graph } as TrainConfig,
          history: r.history,
          params: r.weights ? r.weights.map((w) => w.data) : null,
        }
      : null,
  };
}

/** `● Two spirals — Netloom`: the window title, with a dot while there are unsaved changes. */
export function windowTitle(name: string, dirty: boolean): string {
  return `${dirty ? '● ' : ''}${name} — Netloom`;
}
