// The custom-expression parser: valid expressions become surfaces whose symbolic gradient
// matches central differences; everything else is refused with a specific, translatable reason.
import { describe, expect, it } from 'vitest';
import { parseSurfaceExpression } from '../../../src/renderer/race/expression';
import { en } from '../../../src/renderer/i18n/en';
import { ko } from '../../../src/renderer/i18n/ko';

const window = { xMin: -3, xMax: 3, yMin: -3, yMax: 3 };

function ok(text: string) {
  const r = parseSurfaceExpression(text, window);
  if (!r.ok) throw new Error(`${text}: ${r.error.key} ${JSON.stringify(r.error.params)}`);
  return r;
}
const errorOf = (text: string, domain = window) => {
  const r = parseSurfaceExpression(text, domain);
  return r.ok ? null : r.error;
};

describe('parseSurfaceExpression: valid', () => {
  it('evaluates f like the formula it spells', () => {
    const s = ok('x^2 + y^2 + x*y - 4x - 5y + 11').surface; // implicit multiplication, the course's g
    expect(s.f(4, 4)).toBe(23);
    expect(s.f(1, 2)).toBe(4);
    expect(s.id).toBe('custom');
    expect(s.minima).toEqual([]);
    expect(s.domain).toEqual(window);
  });

  it("derives the course's gradient symbolically: (2x + y − 4, 2y + x − 5)", () => {
    const s = ok('x^2 + y^2 + x*y - 4*x - 5*y + 11').surface;
    const g = s.gradient(4, 4, new Float64Array(2));
    expect([...g]).toEqual([8, 7]);
  });

  const cases = ['sin(x) * cos(2*y)', 'exp(-(x^2 + y^2)/2) * (x - y)', 'sqrt(x^2 + y^2 + 1) + tanh(x*y)', 'log(1 + x^2) + atan(y) - pi*e*x', '(1 - x)^2 + 100*(y - x^2)^2', 'abs(x) + y^4 / 4'];
  for (const text of cases) {
    it(`gradient of ${text} matches central differences`, () => {
      const s = ok(text).surface;
      const g = new Float64Array(2);
      const h = 1e-6;
      for (const [x, y] of [[0.3, -1.2], [1.7, 0.4], [-2.1, 2.6]]) {
        s.gradient(x, y, g);
        expect(g[0]).toBeCloseTo((s.f(x + h, y) - s.f(x - h, y)) / (2 * h), 5);
        expect(g[1]).toBeCloseTo((s.f(x, y + h) - s.f(x, y - h)) / (2 * h), 5);
      }
    });
  }

  it.each(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs'])('every allowed function differentiates and evaluates: %s', (fn) => {
    const s = ok(`${fn}(x/4 + 0.3) + ${fn}(y/5 + 0.35)`).surface;
    const g = s.gradient(0.5, -0.4, new Float64Array(2));
    const h = 1e-6;
    expect(g[0]).toBeCloseTo((s.f(0.5 + h, -0.4) - s.f(0.5 - h, -0.4)) / (2 * h), 6);
    expect(g[1]).toBeCloseTo((s.f(0.5, -0.4 + h) - s.f(0.5, -0.4 - h)) / (2 * h), 6);
  });

  it('returns the derivatives as text for the panel', () => {
    const r = ok('x^2 * y');
    expect(r.dfdx.replace(/\s/g, '')).toMatch(/^(2\*x\*y|2\*y\*x)$/);
    expect(r.dfdy.replace(/\s/g, '')).toBe('x^2');
  });

  it('gives NaN, not a complex number, where f is undefined', () => {
    const s = ok('sqrt(x)').surface;
    expect(s.f(4, 0)).toBe(2);
    expect(Number.isNaN(s.f(-1, 0))).toBe(true);
  });
});

describe('parseSurfaceExpression: refused, with a reason', () => {
  it.each([
    ['', 'empty', {}],
    ['   ', 'empty', {}],
    ['x^2 +', 'syntax', null],
    ['(x + y', 'syntax', null],
    ['x^2 + z', 'unknownSymbol', { name: 'z' }],
    ['foo(x)', 'unknownFunction', { name: 'foo' }],
    ['log(x, 2)', 'unknownFunction', { name: 'log' }],
    ['x = 3', 'notAllowed', null],
    ['f(x) = x^2', 'notAllowed', null],
    ['x.constructor', 'notAllowed', null],
    ['[x, y]', 'notAllowed', null],
    ['x > y', 'notAllowed', null],
    ['"text"', 'notAllowed', null],
    ['sqrt(-1 - x^2)', 'notFinite', {}],
  ])('%j → %s', (text, key, params) => {
    const e = errorOf(text as string);
    expect(e?.key).toBe(key);
    if (params) expect(e?.params).toEqual(params);
  });

  it('a syntax error carries the parser message (with the position)', () => {
    expect(errorOf('x^2 +')?.params.message).toMatch(/char 6/);
  });

  it('refuses an empty window', () => {
    expect(errorOf('x + y', { xMin: 1, xMax: 1, yMin: 0, yMax: 1 })?.key).toBe('badWindow');
  });

  it('every error key has a message in English and Korean', () => {
    for (const key of ['empty', 'badWindow', 'syntax', 'unknownSymbol', 'unknownFunction', 'notAllowed', 'derivative', 'notFinite'] as const) {
      expect(en.race.expression.errors[key]).toBeTruthy();
      expect(ko.race.expression.errors[key]).toBeTruthy();
    }
  });
});
