// The surface's height colours: deep indigo (low) through blue and teal to pale sand (high).
// Calm enough that the optimizers' saturated trail colours stand out on it.

const STOPS: readonly (readonly [number, number, number, number])[] = [
  [0.0, 0.153, 0.169, 0.443],
  [0.2, 0.2, 0.329, 0.651],
  [0.45, 0.22, 0.525, 0.737],
  [0.7, 0.467, 0.776, 0.784],
  [0.88, 0.78, 0.902, 0.816],
  [1.0, 0.976, 0.957, 0.878],
];

/** Writes the colour of t ∈ [0, 1] as linear-ish RGB in 0…1 into out[offset…offset+2]. */
export function colorAt(t: number, out: Float32Array | number[], offset = 0): void {
  const u = t <= 0 ? 0 : t >= 1 ? 1 : t;
  let i = 1;
  while (i < STOPS.length - 1 && STOPS[i][0] < u) i++;
  const a = STOPS[i - 1];
  const b = STOPS[i];
  const s = (u - a[0]) / (b[0] - a[0]);
  out[offset] = a[1] + (b[1] - a[1]) * s;
  out[offset + 1] = a[2] + (b[2] - a[2]) * s;
  out[offset + 2] = a[3] + (b[3] - a[3]) * s;
}

/** CSS gradient for the legend (bottom = low). */
export function legendGradient(steps = 12): string {
  const c = [0, 0, 0];
  const parts: string[] = [];
  for (let i = 0; i <= steps; i++) {
    colorAt(i / steps, c);
    parts.push(`rgb(${Math.round(c[0] * 255)}, ${Math.round(c[1] * 255)}, ${Math.round(c[2] * 255)}) ${((i / steps) * 100).toFixed(1)}%`);
  }
  return `linear-gradient(to top, ${parts.join(', ')})`;
}
