// Smooth single-basin surfaces: the course's quadratic and the classic valleys.
import type { Surface } from './types';

/** The course's g(x, y) = x² + y² + xy − 4x − 5y + 11 (seed exercise §1): minimum 4 at (1, 2). */
export const course: Surface = {
  id: 'course',
  f: (x, y) => x * x + y * y + x * y - 4 * x - 5 * y + 11,
  gradient: (x, y, out) => {
    out[0] = 2 * x + y - 4;
    out[1] = 2 * y + x - 5;
    return out;
  },
  domain: { xMin: -1, xMax: 5, yMin: -1, yMax: 5 },
  minima: [{ x: 1, y: 2, f: 4 }],
  preferLogScale: false,
};

/** Rosenbrock (a = 1, b = 100): (1 − x)² + 100(y − x²)², a curved flat valley; minimum 0 at (1, 1). */
export const rosenbrock: Surface = {
  id: 'rosenbrock',
  f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  gradient: (x, y, out) => {
    out[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    out[1] = 200 * (y - x * x);
    return out;
  },
  domain: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
  minima: [{ x: 1, y: 1, f: 0 }],
  preferLogScale: true,
};

/** Beale: (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²; minimum 0 at (3, 0.5). */
export const beale: Surface = {
  id: 'beale',
  f: (x, y) => (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y ** 3) ** 2,
  gradient: (x, y, out) => {
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y ** 3;
    out[0] = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1);
    out[1] = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y;
    return out;
  },
  domain: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
  minima: [{ x: 3, y: 0.5, f: 0 }],
  preferLogScale: true,
};

/** Booth: (x + 2y − 7)² + (2x + y − 5)²; minimum 0 at (1, 3). */
export const booth: Surface = {
  id: 'booth',
  f: (x, y) => (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
  gradient: (x, y, out) => {
    const a = x + 2 * y - 7;
    const b = 2 * x + y - 5;
    out[0] = 2 * a + 4 * b;
    out[1] = 4 * a + 2 * b;
    return out;
  },
  domain: { xMin: -10, xMax: 10, yMin: -10, yMax: 10 },
  minima: [{ x: 1, y: 3, f: 0 }],
  preferLogScale: false,
};
