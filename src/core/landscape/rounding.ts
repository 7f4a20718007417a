/**
 * Rounds to `decimals` places the way a hand calculation does: halves away from zero, and a
 * value printed as 2.225 counts as 2.225 even though its binary double is 2.22499999….
 */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const p = 10 ** decimals;
  const scaled = Math.abs(value) * p;
  const rounded = Math.round(scaled + scaled * 1e-12) / p;
  return value < 0 ? -rounded : rounded;
}
