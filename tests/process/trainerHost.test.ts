// TrainerHost against a fake process: lazy start, the ready handshake, run ids, crash
// reporting and restart — the rules shared by Electron main and the web server.
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../src/core/train/config';
import type { TrainEvent } from '../../src/core/train/events';
import type { WorkerRequest } from '../../src/shared/api';
import { TrainerHost, type ProcessLike } from '../../src/trainer/host';

class FakeProcess implements ProcessLike {
  static count = 0;
  readonly pid = ++FakeProcess.count;
  sent: WorkerRequest[] = [];
  killed = false;
  private messageListeners: ((m: unknown) => void)[] = [];
  private exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  send(message: WorkerRequest): void {
    this.sent.push(message);
  }
  onMessage(listener: (m: unknown) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListeners.push(listener);
  }
  kill(): void {
    this.killed = true;
    this.exit(null, 'SIGTERM');
  }
  message(m: unknown): void {
    for (const l of this.messageListeners) l(m);
  }
  exit(code: number | null, signal: string | null): void {
    for (const l of this.exitListeners) l(code, signal);
  }
}

const config = { epochs: 1 } as TrainConfig;

function setup() {
  const spawned: FakeProcess[] = [];
  const host = new TrainerHost(() => {
    const p = new FakeProcess();
    spawned.push(p);
    return p;
  });
  const events: TrainEvent[] = [];
  host.onEvent((e) => events.push(e));
  return { host, spawned, events };
}

describe('TrainerHost', () => {
  it('spawns nothing until the first start, then holds requests until the worker is ready', () => {
    const { host, spawned } = setup();
    host.stop();
    expect(spawned).toHaveLength(0);
    expect(host.start(config)).toEqual({ runId: 1 });
    expect(spawned).toHaveLength(1);
    expect(spawned[0].sent).toEqual([]);
    spawned[0].message({ type: 'ready' });
    expect(spawned[0].sent).toEqual([{ type: 'start', runId: 1, config }]);
    expect(host.start(config)).toEqual({ runId: 2 });
    host.stop();
    expect(spawned[0].sent.slice(1)).toEqual([{ type: 'start', runId: 2, config }, { type: 'stop' }]);
    expect(spawned).toHaveLength(1);
  });

  it('forwards worker events to listeners until they unsubscribe, and ignores junk', () => {
    const { host, spawned, events } = setup();
    const extra: TrainEvent[] = [];
    const off = host.onEvent((e) => extra.push(e));
    host.start(config);
    const p = spawned[0];
    p.message({ type: 'ready' });
    p.message({ type: 'started', runId: 1, epochs: 1, stepsPerEpoch: 1, trainSize: 4, valSize: 0 });
    off();
    p.message(null);
    p.message('text');
    p.message({ type: 'done', runId: 1, reason: 'completed', final: null });
    expect(events.map((e) => e.type)).toEqual(['started', 'done']);
    expect(extra.map((e) => e.type)).toEqual(['started']);
  });

  it('reports a crash of the active run with code and signal, then starts a fresh worker', () => {
    const { host, spawned, events } = setup();
    host.start(config);
    spawned[0].message({ type: 'ready' });
    spawned[0].exit(null, 'SIGKILL');
    expect(events).toEqual([{ type: 'crashed', runId: 1, exitCode: null, signal: 'SIGKILL' }]);
    expect(host.pid).toBeUndefined();
    expect(host.start(config)).toEqual({ runId: 2 });
    expect(spawned).toHaveLength(2);
    spawned[1].message({ type: 'ready' });
    expect(spawned[1].sent).toEqual([{ type: 'start', runId: 2, config }]);
    // a late message from the dead process is not mistaken for the new run's
    spawned[0].message({ type: 'done', runId: 2, reason: 'completed', final: null });
    expect(events).toHaveLength(1);
  });

  it('reports no crash when no run is active (a finished run stays finished)', () => {
    const { host, spawned, events } = setup();
    host.start(config);
    spawned[0].message({ type: 'ready' });
    spawned[0].message({ type: 'error', runId: 1, code: 'invalidConfig', message: 'bad' });
    spawned[0].exit(1, null);
    expect(events.map((e) => e.type)).toEqual(['error']);
  });

  it('a stale run ending does not clear the current one', () => {
    const { host, spawned, events } = setup();
    host.start(config);
    host.start(config);
    spawned[0].message({ type: 'ready' });
    spawned[0].message({ type: 'done', runId: 1, reason: 'stopped', final: null });
    spawned[0].exit(3, null);
    expect(events.at(-1)).toEqual({ type: 'crashed', runId: 2, exitCode: 3, signal: null });
  });

  it('dispose kills the worker without a crash event and refuses new runs', () => {
    const { host, spawned, events } = setup();
    host.start(config);
    host.dispose();
    expect(spawned[0].killed).toBe(true);
    expect(events).toEqual([]);
    expect(() => host.start(config)).toThrow(/disposed/);
  });
});
