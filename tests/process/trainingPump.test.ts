// The worker's pump against a scripted session and a fake clock: event order, throttling,
// stop, and errors — without a process or the engine.
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../src/core/train/config';
import type { TrainEvent } from '../../src/core/train/events';
import { TrainingPump, type SessionLike } from '../../src/trainer/pump';

const config = {} as TrainConfig;

/** A session of `steps` steps, `msPerStep` of fake time each, an epoch every `stepsPerEpoch`. */
function scriptedSession(clock: { t: number }, runId: number, steps: number, msPerStep: number, stepsPerEpoch: number, failAt = -1) {
  let done = 0;
  let finished = false;
  const session: SessionLike & { stepsDone: () => number } = {
    get done() {
      return finished;
    },
    stepsDone: () => done,
    step() {
      if (finished) return [];
      if (done === failAt) throw new Error('kernel bug');
      const events: TrainEvent[] = [];
      if (done === 0) events.push({ type: 'started', runId, epochs: steps / stepsPerEpoch, stepsPerEpoch, trainSize: 10, valSize: 0 });
      clock.t += msPerStep;
      done++;
      if (done % stepsPerEpoch === 0) events.push({ type: 'epoch', runId, epoch: done / stepsPerEpoch, trainLoss: 1 / done, trainAccuracy: 0.5, valLoss: null, valAccuracy: null });
      if (done === steps) {
        finished = true;
        events.push({ type: 'done', runId, reason: 'completed', final: null });
      }
      return events;
    },
    progress: () => ({ type: 'progress', runId, epoch: 1, step: done, totalSteps: steps, samplesPerSecond: 1, etaSeconds: 0, batchLoss: 0.5 }),
    snapshot: () => ({ type: 'snapshot', runId, params: [new Float32Array([done])] }),
    stop() {
      finished = true;
      return { type: 'done', runId, reason: 'stopped', final: null };
    },
  };
  return session;
}

describe('TrainingPump', () => {
  it('forwards every step event, throttles progress to 30/s and snapshots to 10/s, and ends with progress, snapshot, done', () => {
    const clock = { t: 0 };
    const events: TrainEvent[] = [];
    const pump = new TrainingPump({ createSession: (_c, runId) => scriptedSession(clock, runId, 2000, 1, 100), emit: (e) => events.push(e), now: () => clock.t, defer: (fn) => fn() });
    pump.start(7, config);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types.filter((t) => t === 'epoch')).toHaveLength(20);
    expect(types.slice(-3)).toEqual(['progress', 'snapshot', 'done']);
    expect(events.every((e) => e.runId === 7)).toBe(true);
    // 2000 ms of fake training: at most one progress per 1000/30 ms (+1 at the start, +1 at the end)
    const progress = types.filter((t) => t === 'progress').length;
    expect(progress).toBeLessThanOrEqual(Math.floor(2000 / (1000 / 30)) + 2);
    expect(progress).toBeGreaterThanOrEqual(50);
    const snapshots = types.filter((t) => t === 'snapshot').length;
    expect(snapshots).toBeLessThanOrEqual(2000 / 100 + 2);
    expect(snapshots).toBeGreaterThanOrEqual(15);
    // the final snapshot carries the final parameters
    const last = events.filter((e) => e.type === 'snapshot').at(-1);
    expect(last?.type === 'snapshot' && last.params[0][0]).toBe(2000);
    expect(pump.activeRunId).toBeNull();
  });

  it('works in slices of about sliceMs, yielding between them', () => {
    const clock = { t: 0 };
    const events: TrainEvent[] = [];
    const queue: (() => void)[] = [];
    const session = scriptedSession(clock, 1, 1000, 1, 100);
    const pump = new TrainingPump({ createSession: () => session, emit: (e) => events.push(e), now: () => clock.t, defer: (fn) => queue.push(fn), sliceMs: 20 });
    pump.start(1, config);
    expect(session.stepsDone()).toBe(0); // nothing runs until the first slice
    queue.shift()!();
    expect(session.stepsDone()).toBe(20);
    expect(queue).toHaveLength(1);
  });

  it('stop ends the run with progress, snapshot, done{stopped} and steps no more', () => {
    const clock = { t: 0 };
    const events: TrainEvent[] = [];
    const queue: (() => void)[] = [];
    const session = scriptedSession(clock, 3, 1000, 1, 100);
    const pump = new TrainingPump({ createSession: () => session, emit: (e) => events.push(e), now: () => clock.t, defer: (fn) => queue.push(fn) });
    pump.start(3, config);
    queue.shift()!();
    queue.shift()!();
    pump.stop();
    const stepped = session.stepsDone();
    while (queue.length) queue.shift()!();
    expect(session.stepsDone()).toBe(stepped);
    expect(events.slice(-3).map((e) => e.type)).toEqual(['progress', 'snapshot', 'done']);
    expect(events.at(-1)).toEqual({ type: 'done', runId: 3, reason: 'stopped', final: null });
  });

  it('a new start stops the current run first', () => {
    const clock = { t: 0 };
    const events: TrainEvent[] = [];
    const queue: (() => void)[] = [];
    const pump = new TrainingPump({ createSession: (_c, runId) => scriptedSession(clock, runId, 100, 1, 10), emit: (e) => events.push(e), now: () => clock.t, defer: (fn) => queue.push(fn) });
    pump.start(1, config);
    queue.shift()!();
    pump.start(2, config);
    while (queue.length) queue.shift()!();
    const doneEvents = events.filter((e) => e.type === 'done');
    expect(doneEvents.map((e) => [e.runId, e.type === 'done' && e.reason])).toEqual([
      [1, 'stopped'],
      [2, 'completed'],
    ]);
  });

  it('turns a throwing createSession into invalidConfig and a throwing step into internal, then trains again', () => {
    const clock = { t: 0 };
    const events: TrainEvent[] = [];
    let mode: 'invalid' | 'buggy' | 'fine' = 'invalid';
    const pump = new TrainingPump({
      createSession: (_c, runId) => {
        if (mode === 'invalid') throw new Error('input must be [2]');
        return scriptedSession(clock, runId, 50, 1, 10, mode === 'buggy' ? 5 : -1);
      },
      emit: (e) => events.push(e),
      now: () => clock.t,
      defer: (fn) => fn(),
    });
    pump.start(1, config);
    expect(events).toEqual([{ type: 'error', runId: 1, code: 'invalidConfig', message: 'input must be [2]' }]);
    mode = 'buggy';
    pump.start(2, config);
    expect(events.at(-1)).toEqual({ type: 'error', runId: 2, code: 'internal', message: 'kernel bug' });
    expect(pump.activeRunId).toBeNull();
    mode = 'fine';
    pump.start(3, config);
    expect(events.at(-1)).toMatchObject({ type: 'done', runId: 3, reason: 'completed' });
  });
});
