import { create } from 'zustand';
import type { OptimizerKind } from '../../core';
import { getBuiltinSurface } from '../../core/landscape';
import { defaultRaceSettings, type OptimizerSettings, type RaceSettings } from './raceSettings';

interface RaceStore {
  /** The serializable race (see raceSettings.ts). */
  settings: RaceSettings;
  /** The optimizer whose per-step table is shown. */
  tableKind: OptimizerKind;
  /** Per-step table: keep listing rows after the stopping rule holds. */
  showAfterRule: boolean;
  update(patch: Partial<RaceSettings>): void;
  updateOptimizer(kind: OptimizerKind, patch: Partial<OptimizerSettings>): void;
  /** Switch function: also moves the start into the new window and picks its natural colour scale. */
  selectSurface(id: string): void;
  setTableKind(kind: OptimizerKind): void;
  setShowAfterRule(on: boolean): void;
  /** Replace the whole race (e.g. from a saved project). */
  load(settings: RaceSettings): void;
}

/** A start point that suits each built-in (inside its window, away from the minimum). */
const SUGGESTED_STARTS: Record<string, { x: number; y: number }> = {
  course: { x: 4, y: 4 },
  rosenbrock: { x: -1.5, y: 2 },
  beale: { x: -1, y: 3.5 },
  himmelblau: { x: -0.5, y: -0.5 },
  booth: { x: -8, y: 8 },
  rastrigin: { x: 3.3, y: -2.7 },
  ackley: { x: 3.2, y: 2.6 },
  sixHumpCamel: { x: -1.8, y: 1.2 },
  styblinskiTang: { x: 4, y: 4.5 },
  saddle: { x: 1.5, y: 0.01 },
  monkeySaddle: { x: 1.2, y: 0.3 },
  custom: { x: 2.5, y: 2.5 },
};

export const useRaceStore = create<RaceStore>()((set) => ({
  settings: defaultRaceSettings(),
  tableKind: 'sgd',
  showAfterRule: false,
  update: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  updateOptimizer: (kind, patch) =>
    set((s) => ({
      settings: { ...s.settings, optimizers: { ...s.settings.optimizers, [kind]: { ...s.settings.optimizers[kind], ...patch } } },
    })),
  selectSurface: (id) =>
    set((s) => ({
      settings: {
        ...s.settings,
        surface: id,
        start: SUGGESTED_STARTS[id] ?? s.settings.start,
        logScale: getBuiltinSurface(id)?.preferLogScale ?? false,
      },
    })),
  setTableKind: (tableKind) => set({ tableKind }),
  setShowAfterRule: (showAfterRule) => set({ showAfterRule }),
  load: (settings) => set({ settings }),
}));
