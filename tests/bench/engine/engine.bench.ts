// `npm run bench` (issue 6): Netloom's engine against TF.js (cpu and wasm backends) on the same
// workloads, data, batch sizes and sample counts. Each engine × workload runs in its own child process
// (child.ts) so peak RSS is per engine. Prints samples/s, Netloom / TF.js-wasm, peak RSS and GEMM
// GFLOP/s, and writes test-results/bench/engine.json. `--quick` uses fewer samples (under 2 minutes).
// Engines: netloom (the fast path: WebAssembly SIMD kernels, relaxed FMA when the flag allows),
// netloom-ts (the TypeScript reference kernels), tfjs-cpu, tfjs-wasm (one thread); for the MLP and CNN also
// netloom-2t (the fast path on two threads, the engine the training process picks: the MLP's Dense layers
// cut between the threads, the CNN data parallel) and its speed-up over one thread.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { ChildResult, EngineName } from './child';
import { mergeMeasurements as merge } from './rounds';
import { SAMPLES, WORKLOADS, type WorkloadName } from './workloads';

const quick = process.argv.includes('--quick');
/** `--only mlp,gemm`: just those workloads (a re-measurement after a change); default all. */
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? process.env.NETLOOM_BENCH_ONLY;
const only = onlyArg ? new Set(onlyArg.split(',')) : null;
const root = join(__dirname, '..', '..', '..');
const ENGINES: EngineName[] = ['netloom', 'netloom-2t', 'netloom-ts', 'tfjs-cpu', 'tfjs-wasm'];
/** Workloads measured on two threads too (issue 6: ≥ 1.7× from the second core). */
const TWO_THREAD: string[] = ['mlp', 'cnn', 'gemm'];
/**
 * Issue 6's targets were set on its reference machine as absolute figures next to TF.js measured there
 * (samples/s; GEMM GFLOP/s). Machines differ (this kind of VM has run 2–4× slower than the reference
 * one), so a target is judged as its ratio to the same TF.js backend measured in THIS run: target /
 * TF.js on the reference machine. The CNN's reference is TF.js cpu (TF.js wasm could not train it there).
 */
const TARGET: Record<WorkloadName | 'gemm', { absolute: number; against: 'tfjs-wasm' | 'tfjs-cpu'; reference: number }> = {
  mlp: { absolute: 15000, against: 'tfjs-wasm', reference: 5080 },
  cnn: { absolute: 2800, against: 'tfjs-cpu', reference: 8.7 },
  lstm: { absolute: 2100, against: 'tfjs-wasm', reference: 698 },
  gru: { absolute: 1900, against: 'tfjs-wasm', reference: 643 },
  simpleRnn: { absolute: 6400, against: 'tfjs-wasm', reference: 2137 },
  gemm: { absolute: 35, against: 'tfjs-wasm', reference: 26.7 },
};
/** Issue 6: the second core must add ≥ 70 % on the MLP and the CNN. */
const TWO_THREAD_TARGET = 1.7;

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
/**
 * --quick leaves out the slow engines no target is judged against (the TypeScript reference kernels; TF.js
 * cpu on the GEMM, 4 s per multiplication): about 40 s of a quick run, which then stays under 2 minutes.
 */
function skippedWhenQuick(e: EngineName, w: string): boolean {
  return e === 'netloom-ts' || (e === 'tfjs-cpu' && w === 'gemm');
}

/**
 * This kind of VM changes speed by up to 2× within seconds (another tenant, the hypervisor), so one
 * measurement per engine compares engines measured at different speeds. A full run therefore measures
 * the engines the ratios compare (Netloom on one and two threads, TF.js wasm) in ROUNDS interleaved rounds
 * (each round one process per engine, in turn) and takes the median over all their timed passes; the slow
 * engines (TF.js cpu, whose CNN pass alone takes minutes, and the TypeScript kernels) run once.
 */
const ROUNDS = quick ? 1 : 3;
const REPEATED: readonly EngineName[] = ['netloom', 'netloom-2t', 'tfjs-wasm'];

const results: Record<string, Partial<Record<EngineName, ReturnType<typeof run>>>> = {};
const notes = new Set<string>();
console.log(`engine bench (${quick ? 'quick' : `full, ${ROUNDS} rounds of ${REPEATED.join(', ')}`}): Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, one thread per engine`);
const measured = [...WORKLOADS, 'gemm' as const].filter((w) => !only || only.has(w));
for (const w of measured) {
  results[w] = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const e of ENGINES) {
      if (e === 'netloom-2t' && !TWO_THREAD.includes(w)) continue;
      if (quick && skippedWhenQuick(e, w)) continue;
      if (round > 0 && !REPEATED.includes(e)) continue;
      const r = run(e, w);
      results[w][e] = merge(results[w][e], r);
      const label = ROUNDS > 1 && REPEATED.includes(e) ? ` (round ${round + 1})` : '';
      if ('error' in r) console.log(`  ${w} / ${e}${label}: FAILED ${r.error}`);
      else {
        if (r.note) for (const n of r.note.split('; ')) notes.add(n);
        console.log(`  ${w} / ${e}${label}: ${w === 'gemm' ? `${fmt(r.gflops, 1)} GFLOP/s` : `${fmt(r.samplesPerSec)} samples/s`}, peak RSS ${fmt(r.peakRssMB)} MB`);
      }
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

const header = [
  'workload', 'samples', 'Netloom', 'Netloom 2 threads', '2 threads / 1', 'Netloom TS', 'TF.js cpu', 'TF.js wasm', 'Netloom / wasm',
  'target (ratio)', 'met', 'RSS MB Netloom / wasm',
];
const rows: string[][] = [header];
const summary: Record<string, unknown>[] = [];
for (const w of measured) {
  const n = val(w, 'netloom');
  const wasm = val(w, 'tfjs-wasm');
  const ratio = n !== undefined && wasm !== undefined ? n / wasm : undefined;
  const two = val(w, 'netloom-2t');
  const speedup = n !== undefined && two !== undefined ? two / n : undefined;
  const target = TARGET[w as WorkloadName | 'gemm'];
  const needed = target.absolute / target.reference;
  const ref = val(w, target.against);
  const achieved = n !== undefined && ref !== undefined ? n / ref : undefined;
  const rssOk = (rss(w, 'netloom') ?? Infinity) <= (rss(w, 'tfjs-wasm') ?? 0);
  const twoOk = !TWO_THREAD.includes(w) || w === 'gemm' || (speedup ?? 0) >= TWO_THREAD_TARGET;
  const met = achieved !== undefined && achieved >= needed;
  const digits = w === 'gemm' ? 1 : 0;
  rows.push([
    w === 'gemm' ? 'GEMM 1024³ (GFLOP/s)' : w,
    w === 'gemm' ? '—' : String(quick ? SAMPLES[w as WorkloadName].quick : SAMPLES[w as WorkloadName].full),
    fmt(n, digits), fmt(two, digits), speedup === undefined ? '—' : `${speedup.toFixed(2)}×`, fmt(val(w, 'netloom-ts'), digits), fmt(val(w, 'tfjs-cpu'), digits), fmt(wasm, digits),
    ratio === undefined ? '—' : `${ratio.toFixed(2)}×`,
    `${achieved === undefined ? '—' : `${achieved.toFixed(2)}×`} ${target.against === 'tfjs-cpu' ? 'cpu' : 'wasm'} ≥ ${needed.toFixed(2)}×`,
    [met ? 'yes' : 'no', TWO_THREAD.includes(w) && w !== 'gemm' ? (twoOk ? '2t yes' : '2t no') : '', rssOk ? '' : 'RSS no'].filter(Boolean).join(', '),
    `${fmt(rss(w, 'netloom'))} / ${fmt(rss(w, 'tfjs-wasm'))}`,
  ]);
  summary.push({
    workload: w, netloom: n, netloom2Threads: two, twoThreadSpeedup: speedup, netloomTs: val(w, 'netloom-ts'), tfjsCpu: val(w, 'tfjs-cpu'), tfjsWasm: wasm,
    ratioToWasm: ratio, target: { ...target, ratio: needed }, achievedRatio: achieved, met, twoThreadsMet: twoOk, rssMet: rssOk,
  });
}

const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log('');
console.log(rows.map((r, i) => `| ${r.map((s, c) => s.padEnd(widths[c])).join(' | ')} |${i === 0 ? `\n|${widths.map((wd) => '-'.repeat(wd + 2)).join('|')}|` : ''}`).join('\n'));
console.log('');
console.log(`samples/s (GEMM: GFLOP/s) from the median timed pass${ROUNDS > 1 ? ` over ${ROUNDS} interleaved rounds (${REPEATED.join(', ')})` : ''}; TF.js cpu: one pass. Peak RSS: each engine in its own process.`);
console.log('target: Netloom / the TF.js backend named, in this run, against issue 6\'s target / that backend on its reference machine (e.g. MLP 15,000 / 5,080 = 2.95×).');
console.log(`Netloom 2 threads: the MLP's Dense layers cut between the threads, by units then by input rows (trainer/splitDense.ts), the CNN data parallel (8 shards per batch claimed by whichever thread is free, added in shard order; shared optimizer update); target ≥ ${TWO_THREAD_TARGET.toFixed(2)}× over one thread ("2t").`);
console.log('GEMM 2 threads: two threads multiplying at once (the pair\'s GFLOP/s): how much floating-point throughput the second core adds.');
for (const n of notes) console.log(`note: ${n}`);

const outDir = join(root, 'test-results', 'bench');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `engine${quick ? '-quick' : ''}${only ? `-${[...only].join('-')}` : ''}.json`);
writeFileSync(file, `${JSON.stringify({
  date: new Date().toISOString(), mode: quick ? 'quick' : 'full', node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model,
  seconds: (Date.now() - t0) / 1000, notes: [...notes], summary, results,
}, null, 2)}\n`);
console.log(`wrote ${file} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
if (Object.values(results).some((byEngine) => Object.values(byEngine).some((r) => r && 'error' in r))) process.exitCode = 1;
