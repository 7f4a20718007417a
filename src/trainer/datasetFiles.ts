// The training process's side of file-backed datasets: core decodes bytes but does no I/O, so
// the worker reads resources/data/* here (once, on the first run that needs it) and passes the
// bytes to the session. The directory sits two levels above both the built worker
// (out/main/trainerWorker.js) and its source (src/trainer/worker.ts); NETLOOM_DATA_DIR overrides it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DatasetAssets } from '../core/data/dataset';
import type { DatasetConfig } from '../core/train/config';

export function dataDir(): string {
  return process.env.NETLOOM_DATA_DIR ?? join(__dirname, '../../resources/data');
}

let mnist: Uint8Array | undefined;

/** Reads and gunzips resources/data/mnist.bin.gz (cached for the life of the process). */
export function mnistBytes(dir = dataDir()): Uint8Array {
  mnist ??= new Uint8Array(gunzipSync(readFileSync(join(dir, 'mnist.bin.gz'))));
  return mnist;
}

/** The bytes a dataset config needs (none for generated datasets). */
export function assetsFor(dataset: DatasetConfig): DatasetAssets {
  return dataset?.kind === 'mnist' ? { mnist: mnistBytes() } : {};
}
