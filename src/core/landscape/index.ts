// Loss surfaces and optimizer trajectories on them (the optimizer race).
export type { Domain, KnownMinimum, Surface } from './types';
export { inDomain, distanceToNearestMinimum } from './types';
export { BUILTIN_SURFACES, BUILTIN_SURFACE_IDS, getBuiltinSurface } from './registry';
export type { BuiltinSurfaceId } from './registry';
export { runTrajectory, stoppingRuleHolds } from './trajectory';
export type { Trajectory, TrajectoryEnd, TrajectoryOptions } from './trajectory';
export { roundTo } from './rounding';
export { sampleGrid } from './grid';
export type { Grid } from './grid';
