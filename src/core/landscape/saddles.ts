// Surfaces unbounded below: no minimum, a flat stationary point at the origin that plain
// gradient descent can stall on. Every run eventually leaves the domain.
import type { Surface } from './types';

/** Saddle x² − y². */
export const saddle: Surface = {
  id: 'saddle',
  f: (x, y) => x * x - y * y,
  gradient: (x, y, out) => {
    out[0] = 2 * x;
    out[1] = -2 * y;
    return out;
  },
  domain: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
  minima: [],
  preferLogScale: false,
};

/** Monkey saddle x³ − 3xy² (three valleys: room for two legs and a tail). */
export const monkeySaddle: Surface = {
  id: 'monkeySaddle',
  f: (x, y) => x ** 3 - 3 * x * y * y,
  gradient: (x, y, out) => {
    out[0] = 3 * x * x - 3 * y * y;
    out[1] = -6 * x * y;
    return out;
  },
  domain: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
  minima: [],
  preferLogScale: false,
};
