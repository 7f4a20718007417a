// `npm run bench` (issue 6): Netloom's engine against TF.js (cpu and wasm backends) on the same
// workloads, data, batch sizes and sample counts. Each engine × workload runs in its own child process
// (child.ts) so peak RSS is per engine. Prints samples/s, Netloom / TF.js-wasm, peak RSS and GEMM
// GFLOP/s, and writes test-results/bench/engine.json. `--quick` uses fewer samples (under 2 minutes).
// Engines: netloom (the fast path: WebAssembly SIMD kernels, relaxed FMA when the flag allows),
// netloom-ts (the TypeScript reference kernels), tfjs-cpu, tfjs-wasm (one thread); for the MLP and CNN also
// netloom-2t (the fast path with data-parallel gradients on two threads) and its speed-up over one thread.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { ChildResult, EngineName } from './child';
import { SAMPLES, WORKLOADS, type WorkloadName } from './workloads';

const quick = process.argv.includes('--quick');
const root = join(__dirname, '..', '..', '..');
const ENGINES: EngineName[] = ['netloom', 'netloom-2t', 'netloom-ts', 'tfjs-cpu', 'tfjs-wasm'];
/** Workloads measured on two threads too (issue 6: ≥ 1.7× from the second core). */
const TWO_THREAD: string[] = ['mlp', 'cnn'];
const TARGET: Record<WorkloadName | 'gemm', number> = { mlp: 15000, cnn: 2800, lstm: 2100, gru: 1900, simpleRnn: 6400, gemm: 35 };

function run(engine: EngineName, workload: WorkloadName | 'gemm'): ChildResult | { engine: EngineName; workload: string; error: string } {
  const r = spawnSync(
    process.execPath,
    ['--experimental-wasm-relaxed-simd', '--import', 'tsx', join(__dirname, 'child.ts'), engine, workload, ...(quick ? ['--quick'] : [])],
    { cwd: root, encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 16 << 20 },
  );
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) return { engine, workload, error: `${r.error ?? ''}${(r.stderr ?? '').slice(-600)}`.trim() || `exit ${r.status}` };
  return JSON.parse(line.slice(7)) as ChildResult;
}

const fmt = (v: number | undefined, digits = 0) => (v === undefined ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

const t0 = Date.now();
const results: Record<string, Partial<Record<EngineName, ReturnType<typeof run>>>> = {};
const notes = new Set<string>();
console.log(`engine bench (${quick ? 'quick' : 'full'}): Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, one thread per engine`);
for (const w of [...WORKLOADS, 'gemm' as const]) {
  results[w] = {};
  for (const e of ENGINES) {
    if (e === 'netloom-2t' && !TWO_THREAD.includes(w)) continue;
    const r = run(e, w);
    results[w][e] = r;
    if ('error' in r) console.log(`  ${w} / ${e}: FAILED ${r.error}`);
    else {
      if (r.note) for (const n of r.note.split('; ')) notes.add(n);
      console.log(`  ${w} / ${e}: ${w === 'gemm' ? `${fmt(r.gflops, 1)} GFLOP/s` : `${fmt(r.samplesPerSec)} samples/s`}, peak RSS ${fmt(r.peakRssMB)} MB`);
    }
  }
}

const val = (w: string, e: EngineName) => {
  const r = results[w][e];
  return !r || 'error' in r ? undefined : w === 'gemm' ? r.gflops : r.samplesPerSec;
};
const rss = (w: string, e: EngineName) => {
  const r = results[w][e];
  return !r || 'error' in r ? undefined : r.peakRssMB;
};

const header = ['workload', 'samples', 'Netloom', 'Netloom 2 threads', '2 threads / 1', 'Netloom TS', 'TF.js cpu', 'TF.js wasm', 'Netloom / wasm', 'target', 'met', 'RSS MB Netloom / wasm'];
const rows: string[][] = [header];
const summary: Record<string, unknown>[] = [];
for (const w of [...WORKLOADS, 'gemm']) {
  const n = val(w, 'netloom');
  const wasm = val(w, 'tfjs-wasm');
  const ratio = n !== undefined && wasm !== undefined ? n / wasm : undefined;
  const two = val(w, 'netloom-2t');
  const speedup = n !== undefined && two !== undefined ? two / n : undefined;
  const target = TARGET[w as WorkloadName | 'gemm'];
  const met = n !== undefined && n >= target;
  const digits = w === 'gemm' ? 1 : 0;
  rows.push([
    w === 'gemm' ? 'GEMM 1024³ (GFLOP/s)' : w,
    w === 'gemm' ? '—' : String(quick ? SAMPLES[w as WorkloadName].quick : SAMPLES[w as WorkloadName].full),
    fmt(n, digits), fmt(two, digits), speedup === undefined ? '—' : `${speedup.toFixed(2)}×`, fmt(val(w, 'netloom-ts'), digits), fmt(val(w, 'tfjs-cpu'), digits), fmt(wasm, digits),
    ratio === undefined ? '—' : `${ratio.toFixed(2)}×`, `≥ ${fmt(target)}`, met ? 'yes' : 'no',
    `${fmt(rss(w, 'netloom'))} / ${fmt(rss(w, 'tfjs-wasm'))}`,
  ]);
  summary.push({ workload: w, netloom: n, netloom2Threads: two, twoThreadSpeedup: speedup, netloomTs: val(w, 'netloom-ts'), tfjsCpu: val(w, 'tfjs-cpu'), tfjsWasm: wasm, ratioToWasm: ratio, target, met });
}

const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log('');
console.log(rows.map((r, i) => `| ${r.map((s, c) => s.padEnd(widths[c])).join(' | ')} |${i === 0 ? `\n|${widths.map((wd) => '-'.repeat(wd + 2)).join('|')}|` : ''}`).join('\n'));
console.log('');
console.log('samples/s (GEMM: GFLOP/s) from the median timed pass; TF.js cpu: one pass. Peak RSS: each engine in its own process.');
console.log('Netloom 2 threads: data-parallel gradients (shard per thread, fixed-order reduction); target ≥ 1.70× over one thread.');
for (const n of notes) console.log(`note: ${n}`);

const outDir = join(root, 'test-results', 'bench');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, quick ? 'engine-quick.json' : 'engine.json');
writeFileSync(file, `${JSON.stringify({
  date: new Date().toISOString(), mode: quick ? 'quick' : 'full', node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model,
  seconds: (Date.now() - t0) / 1000, notes: [...notes], summary, results,
}, null, 2)}\n`);
console.log(`wrote ${file} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
if (Object.values(results).some((byEngine) => Object.values(byEngine).some((r) => r && 'error' in r))) process.exitCode = 1;
