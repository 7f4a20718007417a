import { beale, booth, course, rosenbrock } from './bowls';
import { ackley, himmelblau, rastrigin, sixHumpCamel, styblinskiTang } from './multimodal';
import { monkeySaddle, saddle } from './saddles';
import type { Surface } from './types';

/** The built-in surfaces in menu order (the course's g first: it is the default). */
export const BUILTIN_SURFACES = [
  course, rosenbrock, beale, himmelblau, booth, rastrigin, ackley, sixHumpCamel, styblinskiTang, saddle, monkeySaddle,
] as const satisfies readonly Surface[];

export type BuiltinSurfaceId = (typeof BUILTIN_SURFACES)[number]['id'];
export const BUILTIN_SURFACE_IDS: readonly string[] = BUILTIN_SURFACES.map((s) => s.id);

export function getBuiltinSurface(id: string): Surface | undefined {
  return BUILTIN_SURFACES.find((s) => s.id === id);
}
