// A custom surface typed by the user: parsed by mathjs (never eval), checked against a small
// whitelist, differentiated symbolically, and handed to core as a Surface. Pure (no DOM).
import * as m from 'mathjs';
import type { MathNode } from 'mathjs';

// Only the parser, symbolic differentiation and the functions we allow — not all of mathjs.
const { parse, derivative } = m.create({
  parseDependencies: m.parseDependencies, derivativeDependencies: m.derivativeDependencies,
  addDependencies: m.addDependencies, subtractDependencies: m.subtractDependencies, multiplyDependencies: m.multiplyDependencies,
  divideDependencies: m.divideDependencies, powDependencies: m.powDependencies, unaryMinusDependencies: m.unaryMinusDependencies,
  unaryPlusDependencies: m.unaryPlusDependencies, sinDependencies: m.sinDependencies, cosDependencies: m.cosDependencies,
  tanDependencies: m.tanDependencies, asinDependencies: m.asinDependencies, acosDependencies: m.acosDependencies,
  atanDependencies: m.atanDependencies, sinhDependencies: m.sinhDependencies, coshDependencies: m.coshDependencies,
  tanhDependencies: m.tanhDependencies, expDependencies: m.expDependencies, logDependencies: m.logDependencies,
  sqrtDependencies: m.sqrtDependencies, absDependencies: m.absDependencies, signDependencies: m.signDependencies,
  piDependencies: m.piDependencies, eDependencies: m.eDependencies,
  // what the derivatives of the allowed functions are written with (tan → sec², tanh → sech²)
  secDependencies: m.secDependencies, sechDependencies: m.sechDependencies,
});
import type { Domain, Surface } from '../../core/landscape';

/** An i18n key under race.expression.errors and its parameters. */
export interface ExpressionError {
  key: 'empty' | 'badWindow' | 'syntax' | 'unknownSymbol' | 'unknownFunction' | 'notAllowed' | 'derivative' | 'notFinite';
  params: Record<string, string>;
}

export type ExpressionResult =
  | { ok: true; surface: Surface; dfdx: string; dfdy: string }
  | { ok: false; error: ExpressionError };

const VARIABLES = new Set(['x', 'y']);
const CONSTANTS = new Set(['pi', 'e']);
const FUNCTIONS = new Set(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs']);
const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

/** The first construct outside the whitelist, or null. */
function checkNode(node: MathNode): ExpressionError | null {
  switch (node.type) {
    case 'ConstantNode':
      return typeof (node as unknown as { value: unknown }).value === 'number' ? null : { key: 'notAllowed', params: { what: node.toString() } };
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      return VARIABLES.has(name) || CONSTANTS.has(name) ? null : { key: 'unknownSymbol', params: { name } };
    }
    case 'ParenthesisNode':
      return checkNode((node as unknown as { content: MathNode }).content);
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; op: string; args: MathNode[] };
      if (!OPERATORS.has(op.fn)) return { key: 'notAllowed', params: { what: op.op } };
      return firstError(op.args);
    }
    case 'FunctionNode': {
      const fn = node as unknown as { fn: { name?: string }; args: MathNode[] };
      const name = fn.fn.name ?? '';
      if (!FUNCTIONS.has(name) || fn.args.length !== 1) return { key: 'unknownFunction', params: { name: name || node.toString() } };
      return firstError(fn.args);
    }
    default:
      return { key: 'notAllowed', params: { what: node.toString() } };
  }
}

function firstError(nodes: MathNode[]): ExpressionError | null {
  for (const n of nodes) {
    const e = checkNode(n);
    if (e) return e;
  }
  return null;
}

function numeric(node: MathNode): (x: number, y: number) => number {
  const code = node.compile();
  return (x, y) => {
    try {
      const v: unknown = code.evaluate({ x, y });
      return typeof v === 'number' ? v : NaN; // complex results (sqrt of a negative) are not on the surface
    } catch {
      return NaN;
    }
  };
}

/** Some point of the window where f is finite (a 9 × 9 probe), or false. */
function finiteSomewhere(f: (x: number, y: number) => number, d: Domain): boolean {
  for (let j = 0; j <= 8; j++) {
    for (let i = 0; i <= 8; i++) if (Number.isFinite(f(d.xMin + ((d.xMax - d.xMin) * i) / 8, d.yMin + ((d.yMax - d.yMin) * j) / 8))) return true;
  }
  return false;
}

export function parseSurfaceExpression(text: string, domain: Domain): ExpressionResult {
  if (!(domain.xMin < domain.xMax && domain.yMin < domain.yMax)) return { ok: false, error: { key: 'badWindow', params: {} } };
  if (text.trim() === '') return { ok: false, error: { key: 'empty', params: {} } };
  let node: MathNode;
  try {
    node = parse(text);
  } catch (e) {
    return { ok: false, error: { key: 'syntax', params: { message: e instanceof Error ? e.message : String(e) } } };
  }
  const bad = checkNode(node);
  if (bad) return { ok: false, error: bad };
  let dx: MathNode;
  let dy: MathNode;
  try {
    dx = derivative(node, 'x');
    dy = derivative(node, 'y');
  } catch (e) {
    return { ok: false, error: { key: 'derivative', params: { message: e instanceof Error ? e.message : String(e) } } };
  }
  const f = numeric(node);
  const fx = numeric(dx);
  const fy = numeric(dy);
  if (!finiteSomewhere(f, domain)) return { ok: false, error: { key: 'notFinite', params: {} } };
  const surface: Surface = {
    id: 'custom',
    f,
    gradient: (x, y, out) => {
      out[0] = fx(x, y);
      out[1] = fy(x, y);
      return out;
    },
    domain,
    minima: [],
    preferLogScale: false,
  };
  return { ok: true, surface, dfdx: dx.toString(), dfdy: dy.toString() };
}
