// What a project file keeps besides the network: the optimizer race (views.race) and the
// optimizer state of the last run — save → open gives them back unchanged; a bad race section
// is a warning, never a reason not to open the network.
import { describe, expect, it } from 'vitest';
import { compileNetwork, createOptimizer, readProject, writeProject, type Project } from '../../../src/core';
import { projectFromState, stateFromProject, type AppState } from '../../../src/renderer/files/projectState';
import { defaultRaceSettings, parseRaceSettings, type RaceSettings } from '../../../src/renderer/race/raceSettings';
import { trainedState } from './helpers';

function raced(): RaceSettings {
  const r = defaultRaceSettings();
  r.surface = 'rosenbrock';
  r.start = { x: -1.25, y: 2.5 };
  r.steps = 2000;
  r.logScale = true;
  r.textbook = { enabled: true, decimals: 3 };
  r.optimizers.adam = { ...r.optimizers.adam, learningRate: 0.05 };
  r.optimizers.sgd = { ...r.optimizers.sgd, enabled: false, learningRate: 0.0005 };
  return r;
}

/** A trained starter network with the state its Adam optimizer had after a few steps. */
function trained(): AppState {
  return trainedState(3, (model) => {
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.03 }, model.parameters());
    for (let step = 0; step < 3; step++) {
      for (const p of model.parameters()) p.grad.forEach((_, i) => (p.grad[i] = Math.sin(i + step)));
      opt.step();
    }
    return opt.state();
  });
}

const reopen = (p: Project) => {
  const r = readProject(writeProject(p));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.project;
};

describe('the optimizer race in views.race', () => {
  it('round-trips through a file', () => {
    const race = raced();
    const back = stateFromProject(reopen(projectFromState(null, 'r', { ...trained(), race })));
    expect(back.race).toEqual(race);
    expect(back.warnings).toEqual([]);
  });

  it('keeps the other views of the opened project', () => {
    const base = { ...projectFromState(null, 'r', trained()), views: { other: { keep: true } } } as Project;
    expect(projectFromState(base, 'r', { ...trained(), race: raced() }).views).toEqual({ other: { keep: true }, race: raced() });
  });

  it('without race state (undefined), the opened project\'s race section is written back as it was', () => {
    const base = { ...projectFromState(null, 'r', trained()), views: { race: { version: 7, future: 'yes' } } } as Project;
    expect(projectFromState(base, 'r', trained()).views).toEqual({ race: { version: 7, future: 'yes' } });
  });

  it('a project without a race opens with none and no warning', () => {
    const back = stateFromProject(reopen(projectFromState(null, 'r', trained())));
    expect(back.race).toBeNull();
    expect(back.warnings).toEqual([]);
  });

  it('a newer or damaged race section opens the network with a warning naming where', () => {
    const good = reopen(projectFromState(null, 'r', trained()));
    const newer = stateFromProject({ ...good, views: { race: { ...raced(), version: 2 } } });
    expect(newer.race).toBeNull();
    expect(newer.doc).toEqual(good.graph);
    expect(newer.warnings).toEqual([expect.objectContaining({ path: 'views.race.version', code: 'viewVersion', params: { version: '2' } })]);

    const bad = raced() as unknown as Record<string, unknown>;
    bad.start = { x: 'one', y: 2 };
    const damaged = stateFromProject({ ...good, views: { race: bad } });
    expect(damaged.race).toBeNull();
    expect(damaged.warnings).toEqual([expect.objectContaining({ path: 'views.race.start', code: 'viewInvalid' })]);
  });
});

describe('parseRaceSettings', () => {
  it('accepts what the race store holds, and fills an optimizer an older file lacks with its defaults', () => {
    expect(parseRaceSettings(raced())).toEqual({ ok: true, settings: raced() });
    const old = raced() as unknown as { optimizers: Record<string, unknown> };
    delete old.optimizers.adamw;
    const r = parseRaceSettings(old);
    expect(r.ok && r.settings.optimizers.adamw).toEqual(defaultRaceSettings().optimizers.adamw);
  });

  it('refuses wrong shapes with the path at fault', () => {
    const cases: [(r: Record<string, any>) => void, string][] = [
      [(r) => (r.surface = 'moon'), 'surface'],
      [(r) => (r.steps = 0), 'steps'],
      [(r) => (r.steps = 2.5), 'steps'],
      [(r) => (r.tolerance = -1), 'tolerance'],
      [(r) => (r.custom.domain.xMin = 9), 'custom.domain'],
      [(r) => (r.textbook = { enabled: 'yes', decimals: 2 }), 'textbook'],
      [(r) => (r.logScale = 1), 'logScale'],
      [(r) => (r.optimizers.adam.beta1 = null), 'optimizers.adam.beta1'],
      [(r) => (r.optimizers.sgd = 'fast'), 'optimizers.sgd.enabled'],
      [(r) => (r.version = '1'), 'version'],
    ];
    for (const [spoil, path] of cases) {
      const r = structuredClone(raced()) as unknown as Record<string, any>;
      spoil(r);
      const out = parseRaceSettings(r);
      expect(out.ok, path).toBe(false);
      if (!out.ok) expect(out.problem).toMatchObject({ kind: 'invalid', path });
    }
    expect(parseRaceSettings(null)).toMatchObject({ ok: false, problem: { kind: 'invalid', path: '' } });
    expect(parseRaceSettings([1])).toMatchObject({ ok: false });
  });
});

describe('optimizer state with the weights', () => {
  it('save → open returns identical optimizer state', () => {
    const state = trained();
    const back = stateFromProject(reopen(projectFromState(null, 'o', state)));
    const saved = state.run.optimizerState!;
    expect(Object.keys(saved)).toContain('hidden1.kernel/m');
    expect(back.run!.optimizerState).toEqual(saved);
    expect(back.run!.params).toEqual(state.run.params);
  });

  it('the reopened state loads into a fresh optimizer of the same network', () => {
    const state = trained();
    const back = stateFromProject(reopen(projectFromState(null, 'o', state)));
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.03 }, compileNetwork(state.doc, { seed: 9 }).parameters());
    opt.loadState(back.run!.optimizerState!);
    expect(opt.state()).toEqual(state.run.optimizerState);
  });

  it('a float64 run\'s state is saved as float32, like its weights', () => {
    const state = trained();
    const s64 = Object.fromEntries(Object.entries(state.run.optimizerState!).map(([k, v]) => [k, typeof v === 'number' ? v : Float64Array.from(v)]));
    const saved = projectFromState(null, 'o', { ...state, run: { ...state.run, optimizerState: s64 } });
    const buf = saved.run!.optimizerState!['hidden1.kernel/v'];
    expect(buf).toBeInstanceOf(Float32Array);
    expect(buf).toEqual(state.run.optimizerState!['hidden1.kernel/v']);
  });

  it('no weights, no optimizer state (a run saved before its first snapshot)', () => {
    const state = trained();
    const saved = projectFromState(null, 'o', { ...state, run: { ...state.run, params: null } });
    expect(saved.run!.weights).toBeUndefined();
    expect(saved.run!.optimizerState).toBeUndefined();
  });
});
