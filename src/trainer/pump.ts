// Runs training sessions in time slices, so 'stop' (and a new 'start') can be handled between
// slices, and thins the chatty events: progress ≤ 30/s, snapshots ≤ 10/s, plus one of each
// at the end of a run so the last numbers and the final decision boundary always arrive (the
// final snapshot also carries the optimizer state, which a saved project keeps with the weights).
import type { TrainEvent } from '../core/train/events';
import type { TrainConfig } from '../core/train/config';

export interface SessionLike {
  readonly done: boolean;
  step(): TrainEvent[];
  progress(): TrainEvent;
  /** withOptimizerState: the run's last snapshot also carries the optimizer state (saved with the weights). */
  snapshot(withOptimizerState?: boolean): TrainEvent;
  stop(): TrainEvent;
}

export interface PumpOptions {
  createSession(config: TrainConfig, runId: number): SessionLike;
  emit(event: TrainEvent): void;
  now(): number;
  /** Schedules the next slice; setImmediate lets queued messages in first. */
  defer(fn: () => void): void;
  sliceMs?: number;
  progressIntervalMs?: number;
  snapshotIntervalMs?: number;
}

interface Run {
  runId: number;
  session: SessionLike;
  stepped: boolean;
  lastProgress: number;
  lastSnapshot: number;
}

export class TrainingPump {
  private run: Run | null = null;
  private scheduled = false;
  private readonly sliceMs: number;
  private readonly progressIntervalMs: number;
  private readonly snapshotIntervalMs: number;

  constructor(private readonly options: PumpOptions) {
    this.sliceMs = options.sliceMs ?? 20;
    this.progressIntervalMs = options.progressIntervalMs ?? 1000 / 30;
    this.snapshotIntervalMs = options.snapshotIntervalMs ?? 100;
  }

  get activeRunId(): number | null {
    return this.run?.runId ?? null;
  }

  start(runId: number, config: TrainConfig): void {
    this.stop();
    let session: SessionLike;
    try {
      session = this.options.createSession(config, runId);
    } catch (err) {
      this.options.emit({ type: 'error', runId, code: 'invalidConfig', message: messageOf(err) });
      return;
    }
    this.run = { runId, session, stepped: false, lastProgress: -Infinity, lastSnapshot: -Infinity };
    this.schedule();
  }

  stop(): void {
    const run = this.run;
    if (!run) return;
    this.run = null;
    this.guard(run, () => {
      const done = run.session.stop();
      if (run.stepped) this.finalUpdates(run);
      this.options.emit(done);
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.options.defer(() => {
      this.scheduled = false;
      this.slice();
    });
  }

  private slice(): void {
    const run = this.run;
    if (!run) return;
    const t0 = this.options.now();
    this.guard(run, () => {
      while (this.run === run) {
        const events = run.session.step();
        run.stepped = true;
        const end = events.find((e) => e.type === 'done' || e.type === 'error');
        for (const e of events) if (e !== end) this.options.emit(e);
        if (end || run.session.done) {
          this.run = null;
          if (end?.type === 'done') this.finalUpdates(run);
          if (end) this.options.emit(end);
          return;
        }
        this.throttledUpdates(run);
        if (this.options.now() - t0 >= this.sliceMs) break;
      }
      this.schedule();
    });
  }

  private throttledUpdates(run: Run): void {
    const now = this.options.now();
    if (now - run.lastProgress >= this.progressIntervalMs) {
      run.lastProgress = now;
      this.options.emit(run.session.progress());
    }
    if (now - run.lastSnapshot >= this.snapshotIntervalMs) {
      run.lastSnapshot = now;
      this.options.emit(run.session.snapshot());
    }
  }

  private finalUpdates(run: Run): void {
    this.options.emit(run.session.progress());
    this.options.emit(run.session.snapshot(true));
  }

  // A bug in the engine ends this run with an 'internal' error; the worker lives on.
  private guard(run: Run, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (this.run === run) this.run = null;
      this.options.emit({ type: 'error', runId: run.runId, code: 'internal', message: messageOf(err) });
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
