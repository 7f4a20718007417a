// `netloom`: Netloom without a window.
//   netloom summary FILE [--json]
//   netloom train FILE [--epochs N] [--seed S] [--json] [-o OUT | --no-write]
//   netloom export FILE --to onnx|pytorch|keras [-o OUT]
// Progress goes to stderr, results to stdout. Exit codes: 0 ok, 1 usage, 2 invalid document,
// 3 training diverged.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  compileNetwork, createTrainingSession, formatSummary, readProject, summarizeGraph, validateTrainConfig, writeProject,
  projectTrainConfig, type ConfusionMatrix, type EpochMetrics, type Project, type TrainConfig, type TrainingSession,
} from '../core';
import { ExportError, FORMAT_LABELS, type ExportResult } from '../core/export';
import { defaultExportFileName, exportProject } from '../export';
import { atomicWriteFile } from '../host/projectFiles';
import { assetsFor } from '../trainer/datasetFiles';

export const EXIT = { ok: 0, usage: 1, invalid: 2, diverged: 3, internal: 4 } as const;

export const USAGE = `Usage:
  netloom summary FILE [--json]
  netloom train FILE [--epochs N] [--seed S] [--json] [-o OUT | --no-write]
  netloom export FILE --to onnx|pytorch|keras [-o OUT]

  summary   the model summary: output shapes, parameters, multiply-adds, memory
  train     trains the project's network on its dataset; progress on stderr, final metrics
            (and, for classification, the validation set's confusion matrix) on stdout; the
            trained project is written back to FILE (or to OUT; --no-write: not written)
  export    the network (with trained weights when present) for another framework: an .onnx
            file, or a Python file plus .safetensors weights; exit 2 when a layer has no
            equivalent in that format

Exit codes: 0 ok, 1 usage, 2 invalid document, 3 training diverged, 4 internal error.`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {}

interface Args {
  command: string;
  file: string;
  options: Map<string, string | true>;
}

const FLAGS: Record<string, { value: boolean; commands: string[] }> = {
  '--json': { value: false, commands: ['summary', 'train'] },
  '--epochs': { value: true, commands: ['train'] },
  '--seed': { value: true, commands: ['train'] },
  '--no-write': { value: false, commands: ['train'] },
  '-o': { value: true, commands: ['train', 'export'] },
  '--out': { value: true, commands: ['train', 'export'] },
  '--to': { value: true, commands: ['export'] },
};

function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('no command given');
  if (!['summary', 'train', 'export'].includes(command)) throw new UsageError(`unknown command '${command}'`);
  const options = new Map<string, string | true>();
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].startsWith('--') ? rest[i].split(/=(.*)/s, 2) : [rest[i], undefined];
    if (!flag.startsWith('-') || flag === '-') {
      files.push(rest[i]);
      continue;
    }
    const spec = FLAGS[flag];
    if (!spec || !spec.commands.includes(command)) throw new UsageError(`unknown option '${flag}' for ${command}`);
    if (!spec.value) options.set(flag, true);
    else {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      options.set(flag === '--out' ? '-o' : flag, v);
    }
  }
  if (files.length !== 1) throw new UsageError(files.length === 0 ? `${command} needs a FILE` : `${command} takes one FILE, got ${files.length}`);
  return { command, file: files[0], options };
}

function intOption(args: Args, flag: string, min: number): number | undefined {
  const v = args.options.get(flag);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number ≥ ${min}, got '${String(v)}'`);
  return n;
}

/** Reads FILE as a project, or reports why it is not one (exit 2). */
async function load(file: string, io: Io): Promise<Project | number> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (err) {
    io.err(`netloom: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return EXIT.invalid;
  }
  const r = readProject(bytes);
  if (!r.ok) {
    io.err(`netloom: ${file} is not a valid Netloom project:`);
    for (const e of r.errors) io.err(`  ${e.path || '(file)'}: ${e.message}`);
    return EXIT.invalid;
  }
  for (const w of r.warnings) io.err(`netloom: note: ${w.path}: ${w.message}`);
  return r.project;
}

const projectName = (p: Project, file: string) => p.name ?? basename(file).replace(/\.netloom$/i, '');

async function summary(args: Args, io: Io): Promise<number> {
  const p = await load(args.file, io);
  if (typeof p === 'number') return p;
  const s = summarizeGraph(p.graph);
  if (args.options.has('--json')) io.out(JSON.stringify({ name: projectName(p, args.file), ...s }, null, 2));
  else io.out(formatSummary(s, { name: projectName(p, args.file) }).trimEnd());
  return EXIT.ok;
}

const fmt = (v: number | null, digits = 4) => (v === null ? '—' : v.toFixed(digits));
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The confusion matrix as a right-aligned table: rows the true class, columns the predicted one. */
function formatConfusion(c: ConfusionMatrix, test = false): string[] {
  const set = c.set === 'train' ? 'training set' : test ? 'test set' : 'validation set';
  const head = ['', ...c.matrix.map((_, j) => `pred ${j}`)];
  const rows = [head, ...c.matrix.map((row, i) => [`true ${i}`, ...row.map(String)])];
  const width = Math.max(...rows.flat().map((cell) => cell.length));
  return [`confusion matrix (${set}; rows: true class, columns: predicted class):`, ...rows.map((r) => r.map((cell) => cell.padStart(width)).join('  '))];
}

async function train(args: Args, io: Io): Promise<number> {
  const epochs = intOption(args, '--epochs', 1);
  const seed = intOption(args, '--seed', 0);
  if (args.options.has('--no-write') && args.options.has('-o')) throw new UsageError('-o and --no-write cannot be used together');
  const p = await load(args.file, io);
  if (typeof p === 'number') return p;
  const training = { ...p.training, ...(epochs !== undefined ? { epochs } : {}), ...(seed !== undefined ? { seed } : {}) };
  const config: TrainConfig = projectTrainConfig({ ...p, training });
  const issues = validateTrainConfig(config);
  if (issues.length) {
    io.err(`netloom: ${args.file} cannot be trained:`);
    for (const i of issues) io.err(`  ${i.message}`);
    return EXIT.invalid;
  }
  let session: TrainingSession;
  try {
    session = createTrainingSession(config, 1, () => performance.now(), assetsFor(config.dataset));
  } catch (err) {
    io.err(`netloom: ${args.file} cannot be trained: ${(err as Error).message}`);
    return EXIT.invalid;
  }
  const history: EpochMetrics[] = [];
  let final: EpochMetrics | null = null;
  let confusion: ConfusionMatrix | null = null;
  let testSet = false;
  while (!session.done) {
    for (const e of session.step()) {
      if (e.type === 'started') {
        testSet = e.valSet === 'test';
      } else if (e.type === 'epoch') {
        const { type: _t, runId: _r, ...m } = e;
        history.push(m);
        io.err(`epoch ${m.epoch}/${config.epochs}  loss ${fmt(m.trainLoss)}  acc ${pct(m.trainAccuracy)}  val_loss ${fmt(m.valLoss)}  val_acc ${pct(m.valAccuracy)}`);
      } else if (e.type === 'done') {
        final = e.final;
        confusion = e.confusion ?? null;
      } else if (e.type === 'error') {
        io.err(`netloom: ${e.message}`);
        if (args.options.has('--json')) io.out(JSON.stringify({ status: e.code, message: e.message, epoch: e.epoch ?? null, history }));
        return e.code === 'diverged' ? EXIT.diverged : EXIT.invalid;
      }
    }
  }
  // The trained weights, named in model order (the names come from compiling the same graph).
  const names = compileNetwork(p.graph, { seed: training.seed }).parameters();
  const params = session.snapshot().params;
  const weights = names.map((q, k) => ({ name: q.name, shape: [...q.shape], data: params[k] }));
  const trained: Project = {
    ...p,
    training,
    run: { status: 'completed', graph: p.graph, training, dataset: p.dataset, history, weights },
  };
  const noWrite = args.options.has('--no-write');
  const out = noWrite ? null : (args.options.get('-o') as string | undefined) ?? args.file;
  if (out !== null) await atomicWriteFile(out, writeProject(trained));
  // confusion: classification only, null for regression.
  if (args.options.has('--json')) io.out(JSON.stringify({ status: 'completed', epochs: config.epochs, final, confusion, output: out }));
  else {
    io.out(`final: epoch ${final?.epoch}  loss ${fmt(final?.trainLoss ?? null)}  accuracy ${pct(final?.trainAccuracy ?? null)}  val_loss ${fmt(final?.valLoss ?? null)}  val_accuracy ${pct(final?.valAccuracy ?? null)}`);
    if (confusion) for (const line of formatConfusion(confusion, testSet)) io.out(line);
    if (out !== null) io.out(`wrote ${out}`);
  }
  return EXIT.ok;
}

async function exportCommand(args: Args, io: Io): Promise<number> {
  const to = args.options.get('--to');
  if (to !== 'onnx' && to !== 'pytorch' && to !== 'keras') throw new UsageError(`--to must be onnx, pytorch or keras${to ? `, got '${String(to)}'` : ''}`);
  const p = await load(args.file, io);
  if (typeof p === 'number') return p;
  // Default names in the current directory: two-spirals.netloom -> two_spirals.onnx, two_spirals_torch.py
  // + .safetensors, two_spirals_keras.py + .safetensors. With -o, the Python file's weights sit beside it.
  const out = args.options.get('-o') as string | undefined;
  const target = out ?? defaultExportFileName(basename(args.file), to);
  const base = to === 'onnx' ? target : target.replace(/\.py$/i, '');
  let result: ExportResult;
  try {
    result = exportProject(p, to, { name: projectName(p, args.file), fileName: basename(target) });
  } catch (err) {
    if (!(err instanceof ExportError)) throw err;
    io.err(`netloom: cannot export ${args.file} to ${FORMAT_LABELS[to]}: ${err.message}`);
    return EXIT.invalid;
  }
  for (const note of result.notes) io.err(`netloom: note: ${note}`);
  for (const f of result.files) {
    const path = to === 'onnx' ? target : join(dirname(base), f.name);
    await atomicWriteFile(path, f.data);
    io.out(`wrote ${path}`);
  }
  return EXIT.ok;
}

/** Runs one command line; returns the exit code (never exits the process itself). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? io.err : io.out)(USAGE);
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  try {
    const args = parseArgs(argv);
    if (args.command === 'summary') return await summary(args, io);
    if (args.command === 'train') return await train(args, io);
    return await exportCommand(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`netloom: ${err.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw err;
  }
}

/** The process entry: stdout/stderr, exit code. bin/netloom.cjs calls it. */
export function run(argv: readonly string[] = process.argv.slice(2)): void {
  const io: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };
  main(argv, io).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`netloom: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}

if (require.main === module) run();
