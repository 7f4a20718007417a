// The host side of the training process, for both Electron main and the browser build's
// server: owns one worker process (started lazily, restarted after a crash), numbers the
// runs, and hands worker events to listeners. Process handling is injected (ProcessLike),
// so this runs and is tested in plain Node.
import type { TrainConfig } from '../core/train/config';
import type { TrainEvent } from '../core/train/events';
import type { WorkerMessage, WorkerRequest } from '../shared/api';

/** The few things the host needs from a child process (fork or utilityProcess). */
export interface ProcessLike {
  readonly pid: number | undefined;
  send(message: WorkerRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process ends (or could not be started). */
  onExit(listener: (exitCode: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type SpawnWorker = () => ProcessLike;

interface Worker {
  process: ProcessLike;
  ready: boolean;
  queue: WorkerRequest[];
}

export class TrainerHost {
  private worker: Worker | null = null;
  private nextRunId = 1;
  /** The run that has not yet ended with 'done' or 'error'. */
  private activeRunId: number | null = null;
  private readonly listeners = new Set<(event: TrainEvent) => void>();
  private disposed = false;

  constructor(private readonly spawn: SpawnWorker) {}

  /** Starts a fresh run (the worker stops any current one first). */
  start(config: TrainConfig): { runId: number } {
    if (this.disposed) throw new Error('TrainerHost: disposed');
    const runId = this.nextRunId++;
    this.activeRunId = runId;
    this.send({ type: 'start', runId, config });
    return { runId };
  }

  stop(): void {
    if (this.worker) this.send({ type: 'stop' });
  }

  onEvent(listener: (event: TrainEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Process id of the current worker, if one is running. */
  get pid(): number | undefined {
    return this.worker?.process.pid;
  }

  /** Kills the worker for good; no 'crashed' event follows. */
  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = null;
    worker?.process.kill();
  }

  private send(request: WorkerRequest): void {
    const worker = this.worker ?? this.startWorker();
    if (worker.ready) worker.process.send(request);
    else worker.queue.push(request);
  }

  private startWorker(): Worker {
    const worker: Worker = { process: this.spawn(), ready: false, queue: [] };
    this.worker = worker;
    worker.process.onMessage((raw) => this.handleMessage(worker, raw));
    worker.process.onExit((exitCode, signal) => this.handleExit(worker, exitCode, signal));
    return worker;
  }

  private handleMessage(worker: Worker, raw: unknown): void {
    if (worker !== this.worker) return;
    const message = raw as WorkerMessage;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    if (message.type === 'ready') {
      worker.ready = true;
      for (const request of worker.queue.splice(0)) worker.process.send(request);
      return;
    }
    if ((message.type === 'done' || message.type === 'error') && message.runId === this.activeRunId) {
      this.activeRunId = null;
    }
    this.emit(message);
  }

  private handleExit(worker: Worker, exitCode: number | null, signal: string | null): void {
    if (worker !== this.worker) return; // disposed, or an old process
    this.worker = null; // the next start spawns a fresh one
    const runId = this.activeRunId;
    this.activeRunId = null;
    if (runId !== null) this.emit({ type: 'crashed', runId, exitCode, signal });
  }

  private emit(event: TrainEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
