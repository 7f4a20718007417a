// The training process entry: a thin adapter between the host's messages and the engine.
// Built to out/main/trainerWorker.js; run by Electron's utilityProcess or Node's fork.
import { performance } from 'node:perf_hooks';
import { createTrainingSession } from '../core';
import type { WorkerRequest } from '../shared/api';
import { parentChannel } from './channel';
import { TrainingPump } from './pump';

const channel = parentChannel();

const pump = new TrainingPump({
  createSession: (config, runId) => createTrainingSession(config, runId, () => performance.now()),
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
