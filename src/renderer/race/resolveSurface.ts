import { getBuiltinSurface, type Surface } from '../../core/landscape';
import { parseSurfaceExpression, type ExpressionError } from './expression';
import type { RaceSettings } from './raceSettings';

export type SurfaceChoice = { surface: Surface; formula: { dfdx: string; dfdy: string } | null; error: null } | { surface: null; formula: null; error: ExpressionError };

/** The surface the settings name: a built-in, or the custom expression (which may not parse). */
export function resolveSurface(settings: Pick<RaceSettings, 'surface' | 'custom'>): SurfaceChoice {
  if (settings.surface !== 'custom') {
    const builtin = getBuiltinSurface(settings.surface) ?? getBuiltinSurface('course')!;
    return { surface: builtin, formula: null, error: null };
  }
  const parsed = parseSurfaceExpression(settings.custom.expression, settings.custom.domain);
  return parsed.ok
    ? { surface: parsed.surface, formula: { dfdx: parsed.dfdx, dfdy: parsed.dfdy }, error: null }
    : { surface: null, formula: null, error: parsed.error };
}
