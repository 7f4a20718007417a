// Learning-rate schedules, stepped once per epoch like PyTorch's torch.optim.lr_scheduler (the
// scheduler.step() call after each epoch). `epoch` below counts completed epochs: 0 while the first
// epoch runs, so every schedule starts at the optimizer's base learning rate lr0.

/** Which schedule, and its parameters (PyTorch names: step_size → stepSize, T_max → tMax, eta_min → etaMin). */
export type LrSchedule =
  | { kind: 'constant' }
  /** StepLR: lr = lr0 · γ^⌊epoch / stepSize⌋. */
  | { kind: 'step'; stepSize: number; gamma: number }
  /** ExponentialLR: lr = lr0 · γ^epoch. */
  | { kind: 'exponential'; gamma: number }
  /** CosineAnnealingLR: lr = η_min + (lr0 − η_min) · (1 + cos(π · epoch / T_max)) / 2 (η_min default 0). */
  | { kind: 'cosine'; tMax: number; etaMin?: number };

export const LR_SCHEDULES: readonly LrSchedule['kind'][] = ['constant', 'step', 'exponential', 'cosine'];

/**
 * The learning rate for the epoch after `epoch` completed ones. PyTorch's schedulers update the rate
 * recursively; these are their closed forms (_get_closed_form_lr), equal up to rounding. Cosine keeps
 * following the cosine after T_max (back up towards lr0), as PyTorch does.
 */
export function learningRateAt(schedule: LrSchedule | undefined, lr0: number, epoch: number): number {
  if (!schedule) return lr0;
  switch (schedule.kind) {
    case 'constant':
      return lr0;
    case 'step':
      return lr0 * Math.pow(schedule.gamma, Math.floor(epoch / schedule.stepSize));
    case 'exponential':
      return lr0 * Math.pow(schedule.gamma, epoch);
    case 'cosine': {
      const etaMin = schedule.etaMin ?? 0;
      return etaMin + ((lr0 - etaMin) * (1 + Math.cos((Math.PI * epoch) / schedule.tMax))) / 2;
    }
  }
}

/** Why a schedule is invalid (the field named), or null. */
export function checkSchedule(s: LrSchedule): { name: string; value: unknown; rule: string } | null {
  const posInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (!s || !LR_SCHEDULES.includes(s.kind)) return { name: 'lrSchedule', value: s?.kind, rule: `must be one of ${LR_SCHEDULES.join(', ')}` };
  if (s.kind === 'step' && !posInt(s.stepSize)) return { name: 'stepSize', value: s.stepSize, rule: 'must be a whole number ≥ 1' };
  if ((s.kind === 'step' || s.kind === 'exponential') && !positive(s.gamma)) return { name: 'gamma', value: s.gamma, rule: 'must be a positive number' };
  if (s.kind === 'cosine' && !posInt(s.tMax)) return { name: 'tMax', value: s.tMax, rule: 'must be a whole number ≥ 1' };
  if (s.kind === 'cosine' && s.etaMin !== undefined && !(typeof s.etaMin === 'number' && s.etaMin >= 0 && Number.isFinite(s.etaMin)))
    return { name: 'etaMin', value: s.etaMin, rule: 'must be a number ≥ 0' };
  return null;
}
