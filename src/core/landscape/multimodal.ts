// Surfaces with several minima or many local traps.
import type { Surface } from './types';

/** Himmelblau: (x² + y − 11)² + (x + y² − 7)²; four minima of value 0. */
export const himmelblau: Surface = {
  id: 'himmelblau',
  f: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  gradient: (x, y, out) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    out[0] = 4 * x * a + 2 * b;
    out[1] = 2 * a + 4 * y * b;
    return out;
  },
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [
    { x: 3, y: 2, f: 0 },
    { x: -2.805118086952745, y: 3.131312518250573, f: 0 },
    { x: -3.779310253377747, y: -3.283185991286170, f: 0 },
    { x: 3.584428340330492, y: -1.848126526964404, f: 0 },
  ],
  preferLogScale: false,
};

/** Rastrigin (A = 10): 20 + Σ (t² − 10 cos 2πt); a grid of local minima, global 0 at the origin. */
export const rastrigin: Surface = {
  id: 'rastrigin',
  f: (x, y) => 20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y),
  gradient: (x, y, out) => {
    out[0] = 2 * x + 20 * Math.PI * Math.sin(2 * Math.PI * x);
    out[1] = 2 * y + 20 * Math.PI * Math.sin(2 * Math.PI * y);
    return out;
  },
  domain: { xMin: -5.12, xMax: 5.12, yMin: -5.12, yMax: 5.12 },
  minima: [{ x: 0, y: 0, f: 0 }],
  preferLogScale: false,
};

/**
 * Ackley: −20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20; global 0 at the origin.
 * The first term has a cone tip at the origin: its gradient there is taken as 0 (the subgradient
 * that stops a descent at the minimum).
 */
export const ackley: Surface = {
  id: 'ackley',
  f: (x, y) =>
    -20 * Math.exp(-0.2 * Math.sqrt(0.5 * (x * x + y * y))) -
    Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y))) +
    Math.E +
    20,
  gradient: (x, y, out) => {
    const r = Math.sqrt(0.5 * (x * x + y * y));
    const cone = r === 0 ? 0 : (2 * Math.exp(-0.2 * r)) / r; // d/dx of −20e^(−0.2r) = 20·0.2·e^(−0.2r)·(x / 2r)
    const wave = Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y))) * Math.PI;
    out[0] = cone * x + wave * Math.sin(2 * Math.PI * x);
    out[1] = cone * y + wave * Math.sin(2 * Math.PI * y);
    return out;
  },
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [{ x: 0, y: 0, f: 0 }],
  preferLogScale: false,
};

/** Six-hump camel: (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²; two global minima ≈ −1.0316. */
export const sixHumpCamel: Surface = {
  id: 'sixHumpCamel',
  f: (x, y) => (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y,
  gradient: (x, y, out) => {
    out[0] = 8 * x - 8.4 * x ** 3 + 2 * x ** 5 + y;
    out[1] = x - 8 * y + 16 * y ** 3;
    return out;
  },
  domain: { xMin: -3, xMax: 3, yMin: -2, yMax: 2 },
  minima: [
    { x: 0.08984201368301331, y: -0.7126564032704135, f: -1.031628453489877 },
    { x: -0.08984201368301331, y: 0.7126564032704135, f: -1.031628453489877 },
  ],
  preferLogScale: false,
};

const ST_ARG = -2.903534027771178; // root of 4t³ − 32t + 5 = 0 in (−3, −2.8)

/** Styblinski–Tang: ½ Σ (t⁴ − 16t² + 5t); minimum ≈ −78.3323 at (−2.9035, −2.9035). */
export const styblinskiTang: Surface = {
  id: 'styblinskiTang',
  f: (x, y) => 0.5 * (x ** 4 - 16 * x * x + 5 * x + y ** 4 - 16 * y * y + 5 * y),
  gradient: (x, y, out) => {
    out[0] = 0.5 * (4 * x ** 3 - 32 * x + 5);
    out[1] = 0.5 * (4 * y ** 3 - 32 * y + 5);
    return out;
  },
  domain: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  minima: [{ x: ST_ARG, y: ST_ARG, f: ST_ARG ** 4 - 16 * ST_ARG ** 2 + 5 * ST_ARG }],
  preferLogScale: false,
};
