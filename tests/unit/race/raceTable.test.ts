// The race table at a playback step, the race computation over the enabled optimizers,
// and the settings object that a project file will store.
import { describe, expect, it } from 'vitest';
import { createOptimizer, OPTIMIZERS, type Param } from '../../../src/core';
import { getBuiltinSurface, runTrajectory, type Trajectory } from '../../../src/core/landscape';
import { computeRace, raceDependencies, rowAt } from '../../../src/renderer/race/computeRace';
import { raceRow } from '../../../src/renderer/race/raceTable';
import {
  defaultRaceSettings, HYPERPARAMETERS, optimizerConfig, parseRaceSettings, TEXTBOOK_DECIMALS, type RaceSettings,
} from '../../../src/renderer/race/raceSettings';
import { resolveSurface } from '../../../src/renderer/race/resolveSurface';

const g = getBuiltinSurface('course')!;
const textbook = () => runTrajectory(g, { kind: 'sgd', learningRate: 0.1 }, { start: { x: 4, y: 4 }, steps: 20, tolerance: 0.2, decimals: 2 });

describe('raceRow', () => {
  it('shows the steps to the stopping rule only once the playback has reached it', () => {
    const t = textbook();
    expect(raceRow(t, g, 12).ruleStep).toBeNull();
    expect(raceRow(t, g, 13).ruleStep).toBe(13);
    expect(raceRow(t, g, 20).ruleStep).toBe(13);
  });

  it('reports the point, value and distance to the minimum (1, 2) at the step', () => {
    const r = raceRow(textbook(), g, 13);
    expect([r.x, r.y]).toEqual([1.15, 1.89]);
    expect(r.f).toBeCloseTo(g.f(1.15, 1.89), 2);
    expect(r.distance).toBeCloseTo(Math.hypot(0.15, -0.11), 12);
    expect(r.status).toEqual({ kind: 'running' });
    expect(raceRow(textbook(), g, 20).status).toEqual({ kind: 'completed', step: 20 });
  });

  it('says "left the domain at step k" from step k on, and stays on the exit point', () => {
    const saddle = getBuiltinSurface('saddle')!;
    const t = runTrajectory(saddle, { kind: 'sgd', learningRate: 0.1 }, { start: { x: 1.5, y: 0.01 }, steps: 500, tolerance: 0.2 });
    expect(raceRow(t, saddle, 29).status).toEqual({ kind: 'running' });
    const r = raceRow(t, saddle, 400);
    expect(r.status).toEqual({ kind: 'leftDomain', step: 30 });
    expect(r.y).toBe(t.y[30]);
    expect(Number.isNaN(r.distance)).toBe(true); // no minimum to measure from
  });

  it('says "diverged at step k" for a learning rate that is too large', () => {
    const t = runTrajectory(g, { kind: 'sgd', learningRate: 1.1 }, { start: { x: 4, y: 4 }, steps: 500, tolerance: 0.2 });
    const r = raceRow(t, g, 500);
    expect(r.status.kind).toBe('diverged');
    expect((r.status as { step: number }).step).toBe(t.endStep);
    expect(raceRow(t, g, t.endStep - 1).status.kind).not.toBe('diverged');
  });

  it('rowAt clamps to the run', () => {
    const t = { length: 5 } as Trajectory;
    expect([rowAt(t, -1), rowAt(t, 3), rowAt(t, 99)]).toEqual([0, 3, 4]);
  });
});

describe('computeRace', () => {
  it('runs the enabled optimizers, in menu order, through core', () => {
    const s = defaultRaceSettings();
    s.optimizers.momentum.enabled = false;
    s.optimizers.adagrad.enabled = false;
    s.steps = 30;
    const runs = computeRace(g, s);
    expect(runs.map((t) => t.kind)).toEqual(['sgd', 'nesterov', 'rmsprop', 'adam', 'adamw']);
    expect(runs.every((t) => t.length === 31)).toBe(true);
  });

  it('the trajectory is exactly what createOptimizer does to a 2-element parameter (one implementation)', () => {
    const s = defaultRaceSettings();
    s.steps = 25;
    s.optimizers.adam.learningRate = 0.3;
    const adam = computeRace(g, s).find((t) => t.kind === 'adam')!;
    const p: Param = { name: 'p', shape: [2], value: Float64Array.of(4, 4), grad: new Float64Array(2) };
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.3 }, [p]);
    const grad = new Float64Array(2);
    for (let k = 0; k < 25; k++) {
      p.grad.set(g.gradient(p.value[0], p.value[1], grad));
      opt.step();
    }
    expect([adam.x[25], adam.y[25]]).toEqual([p.value[0], p.value[1]]);
  });

  it('applies textbook rounding to every optimizer when switched on', () => {
    const s = defaultRaceSettings();
    s.textbook = { enabled: true, decimals: 1 };
    for (const t of computeRace(g, s)) for (let k = 0; k < t.length; k++) expect(Math.round(t.x[k] * 10) / 10).toBe(t.x[k]);
  });
});

describe('raceDependencies (what useRaceModel recomputes the trajectories on)', () => {
  const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  const s = defaultRaceSettings();
  const deps = raceDependencies(s);

  it('stay the same when only display settings change, so the runs are reused', () => {
    const recoloured: RaceSettings = { ...s, logScale: !s.logScale };
    expect(same(raceDependencies(recoloured), deps)).toBe(true);
    expect(same(raceDependencies({ ...s, start: { ...s.start } }), deps)).toBe(true); // a new object at the same point
    expect(same(raceDependencies({ ...s, textbook: { enabled: false, decimals: 5 } }), deps)).toBe(true); // rounding off
    // ...and computeRace indeed ignores them: the same runs for another colour scale, surface id or expression.
    const other = { ...s, logScale: true, surface: 'rosenbrock', custom: { ...s.custom, expression: 'x*y' }, steps: 40 };
    expect(computeRace(g, other)).toEqual(computeRace(g, { ...s, steps: 40 }));
  });

  it('change with every input the runs read', () => {
    const o = s.optimizers;
    const changed: [string, RaceSettings][] = [
      ['start.x', { ...s, start: { ...s.start, x: 3 } }],
      ['start.y', { ...s, start: { ...s.start, y: 3 } }],
      ['steps', { ...s, steps: s.steps + 1 }],
      ['tolerance', { ...s, tolerance: 0.1 }],
      ['rounding on', { ...s, textbook: { enabled: true, decimals: s.textbook.decimals } }],
      ['an optimizer', { ...s, optimizers: { ...o, adam: { ...o.adam, learningRate: 0.05 } } }],
    ];
    for (const [what, next] of changed) expect(same(raceDependencies(next), deps), what).toBe(false);
    const rounded = { ...s, textbook: { enabled: true, decimals: 2 } };
    expect(same(raceDependencies({ ...rounded, textbook: { enabled: true, decimals: 3 } }), raceDependencies(rounded))).toBe(false);
  });
});

describe('race settings', () => {
  it('default to PyTorch: lr 1e-3 (SGD, momentum, Adam, AdamW), 1e-2 (AdaGrad, RMSprop), β (0.9, 0.999), ε, AdamW λ 0.01', () => {
    const o = defaultRaceSettings().optimizers;
    expect(OPTIMIZERS.map((k) => o[k].learningRate)).toEqual([1e-3, 1e-3, 1e-3, 1e-2, 1e-2, 1e-3, 1e-3]);
    expect([o.adam.beta1, o.adam.beta2, o.adam.epsilon]).toEqual([0.9, 0.999, 1e-8]);
    expect([o.rmsprop.alpha, o.rmsprop.momentum, o.rmsprop.epsilon]).toEqual([0.99, 0, 1e-8]);
    expect(o.adagrad.epsilon).toBe(1e-10);
    expect(o.adamw.weightDecay).toBe(0.01);
    expect(o.momentum.momentum).toBe(0.9);
  });

  it('map to core configs with only the hyperparameters each optimizer has', () => {
    const o = defaultRaceSettings().optimizers;
    expect(optimizerConfig('sgd', o.sgd)).toEqual({ kind: 'sgd', learningRate: 1e-3 });
    expect(optimizerConfig('adamw', o.adamw)).toEqual({ kind: 'adamw', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 });
    for (const k of OPTIMIZERS) expect(HYPERPARAMETERS[k][0]).toBe('learningRate');
  });

  it('are one plain object that survives JSON (for saving in a project)', () => {
    const s = defaultRaceSettings();
    s.surface = 'custom';
    s.custom.expression = 'x^2 + y^2';
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(resolveSurface(JSON.parse(JSON.stringify(s))).surface?.f(1, 2)).toBe(5);
  });

  it('resolveSurface falls back to the course function for an unknown id and reports a bad expression', () => {
    expect(resolveSurface({ surface: 'nope', custom: defaultRaceSettings().custom }).surface?.id).toBe('course');
    const bad = resolveSurface({ surface: 'custom', custom: { expression: 'x +', domain: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 } } });
    expect(bad.surface).toBeNull();
    expect(bad.error?.key).toBe('syntax');
  });

  it('read back from a project accept the decimals the Decimals field allows (0–8), and no others', () => {
    const withDecimals = (decimals: number) => parseRaceSettings({ ...defaultRaceSettings(), textbook: { enabled: true, decimals } });
    expect(TEXTBOOK_DECIMALS).toEqual({ min: 0, max: 8 });
    for (const d of [0, 2, 8]) expect(withDecimals(d), String(d)).toMatchObject({ ok: true, settings: { textbook: { enabled: true, decimals: d } } });
    for (const d of [-1, 9, 12, 2.5]) expect(withDecimals(d), String(d)).toMatchObject({ ok: false, problem: { kind: 'invalid', path: 'textbook' } });
  });
});
