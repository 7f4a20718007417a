import type { TrainConfig } from '../../core/train/config';
import type { TrainEvent } from '../../core/train/events';
import { getApi } from '../api';
import { documentStore } from '../store/documentStore';
import { trainingStore } from '../store/trainingStore';

// Bridges the API and the training slice. Events are queued and applied at most once per
// animation frame, so a fast trainer cannot make React render faster than the screen.

let queue: TrainEvent[] = [];
let scheduled = false;

function flush() {
  scheduled = false;
  const events = queue;
  queue = [];
  if (events.length > 0) trainingStore.getState().applyEvents(events);
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  let ran = false;
  const run = () => {
    if (ran) return;
    ran = true;
    flush();
  };
  requestAnimationFrame(run);
  setTimeout(run, 120); // rAF does not fire in a hidden window; events must still land
}

let unsubscribe: (() => void) | null = null;

/** Starts listening to train events (once, at app start). */
export function connectTrainEvents(): () => void {
  if (!unsubscribe) {
    unsubscribe = getApi().onTrainEvent((event) => {
      queue.push(event);
      schedule();
    });
  }
  return () => {
    unsubscribe?.();
    unsubscribe = null;
  };
}

/** A fresh run over a snapshot of the current document and settings. Editing may continue meanwhile. */
export async function startTraining(): Promise<void> {
  connectTrainEvents();
  const doc = documentStore.getState().doc;
  const settings = trainingStore.getState().settings;
  const config: TrainConfig = structuredClone({ ...settings, document: doc });
  flush(); // anything pending belongs to the previous run
  trainingStore.getState().begin(config);
  try {
    const { runId } = await getApi().startTraining(config);
    trainingStore.getState().setRunId(runId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    trainingStore.getState().fail({ key: 'errors.startFailed', params: { message } });
  }
}

export async function stopTraining(): Promise<void> {
  trainingStore.getState().setStopping();
  try {
    await getApi().stopTraining();
  } catch {
    // The run ends on its own; the 'done' or 'crashed' event settles the status.
  }
}
