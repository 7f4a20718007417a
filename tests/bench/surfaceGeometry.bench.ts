// `npm run bench`: the 256² surface build, measured against a simple reference in the same run
// (ratios travel between machines; milliseconds are printed too). The bar: ≤ 30 ms.
import { getBuiltinSurface, sampleGrid, type Surface } from '../../src/core/landscape';
import { contourLevels, contourSegments } from '../../src/renderer/race/geometry/contours';
import { heightScale } from '../../src/renderer/race/geometry/heightScale';
import { buildSurfaceGeometry } from '../../src/renderer/race/geometry/surfaceGeometry';

const N = 256;
const RUNS = 25;

function median(fn: () => unknown): number {
  for (let i = 0; i < 5; i++) fn(); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[RUNS >> 1];
}

/** Reference: the least any surface build does — evaluate f once per vertex and write x, y, z. */
function reference(s: Surface): Float32Array {
  const out = new Float32Array(N * N * 3);
  const d = s.domain;
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      const x = d.xMin + ((d.xMax - d.xMin) * i) / (N - 1);
      const y = d.yMin + ((d.yMax - d.yMin) * j) / (N - 1);
      const o = (j * N + i) * 3;
      out[o] = x;
      out[o + 1] = y;
      out[o + 2] = s.f(x, y);
    }
  }
  return out;
}

const rows: string[][] = [['surface', 'reference ms', 'geometry ms', 'ratio', 'contours ms', '≤ 30 ms']];
for (const id of ['course', 'rosenbrock', 'ackley']) {
  const s = getBuiltinSurface(id)!;
  const ref = median(() => reference(s));
  const geo = median(() => {
    const grid = sampleGrid(s.f, s.domain, N);
    return buildSurfaceGeometry(grid, heightScale(grid.zMin, grid.zMax, s.preferLogScale));
  });
  const grid = sampleGrid(s.f, s.domain, N);
  const scale = heightScale(grid.zMin, grid.zMax, s.preferLogScale);
  const cont = median(() => contourSegments(grid, contourLevels(scale, 16)));
  rows.push([id, ref.toFixed(2), geo.toFixed(2), (geo / ref).toFixed(1) + '×', cont.toFixed(2), geo <= 30 ? 'yes' : 'NO']);
}
console.log(`Surface geometry, ${N}×${N} vertices, median of ${RUNS} runs`);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c])).join('  '));
