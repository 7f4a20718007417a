// The training process entry: a thin adapter between the host's messages and the engine.
// Built to out/main/trainerWorker.js; run by Electron's utilityProcess or Node's fork.
import { performance } from 'node:perf_hooks';
import { createTrainingSession, loadWasmKernels, setKernels } from '../core';
import type { WorkerRequest } from '../shared/api';
import { parentChannel } from './channel';
import { assetsFor } from './datasetFiles';
import { defaultThreads, parallelGradients } from './engineChoice';
import { TrainingPump } from './pump';

// The fast path by default: the WebAssembly SIMD kernels (relaxed fused multiply-add when the engine
// allows it), falling back to the TypeScript kernels without WebAssembly SIMD. NETLOOM_KERNELS=js forces
// the TypeScript reference kernels (for comparisons).
if (process.env.NETLOOM_KERNELS !== 'js') {
  const fast = loadWasmKernels();
  if (fast) setKernels(fast.kernels);
}

const channel = parentChannel();

// Both cores by default: data-parallel gradients over worker threads where the network and batch
// pay off (engineChoice.ts); NETLOOM_THREADS=1 keeps training on this thread.
const gradients = parallelGradients({ threads: defaultThreads() });

const pump = new TrainingPump({
  createSession: (config, runId) => createTrainingSession(config, runId, () => performance.now(), assetsFor(config.dataset), { gradients }),
  emit: (event) => channel.send(event),
  now: () => performance.now(),
  defer: (fn) => void setImmediate(fn),
});

channel.onMessage((raw) => {
  const message = raw as WorkerRequest;
  if (message?.type === 'start') pump.start(message.runId, message.config);
  else if (message?.type === 'stop') pump.stop();
});

// A forked worker whose parent went away has no one to train for.
process.on('disconnect', () => process.exit(0));

channel.send({ type: 'ready' });
