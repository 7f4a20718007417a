import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { starterDocument } from '../../../src/core';
import type { TrainConfig } from '../../../src/core/train/config';
import type { TrainEvent } from '../../../src/core/train/events';
import { WebRoute } from '../../../src/shared/api';
import { encodeTrainEvent } from '../../../src/shared/wire';
import { createWebApi } from '../../../src/renderer/api/webApi';

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  onmessage: ((m: MessageEvent<string>) => void) | null = null;
  closed = false;
  constructor(public url: string) {
    FakeEventSource.instances.push(this);
  }
  emit(data: string) {
    this.onmessage?.({ data } as MessageEvent<string>);
  }
  close() {
    this.closed = true;
  }
}

const config: TrainConfig = {
  document: starterDocument(),
  dataset: { kind: 'xor', samples: 200, noise: 0, seed: 1 },
  loss: 'bce',
  optimizer: { kind: 'adam', learningRate: 0.01 },
  batchSize: 10,
  epochs: 2,
  validationSplit: 0.2,
  seed: 3,
};

describe('web API client', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    fetchMock = vi.fn(async () => new Response(JSON.stringify({ runId: 12 }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('posts the config as JSON and returns the run id', async () => {
    const api = createWebApi();
    await expect(api.startTraining(config)).resolves.toEqual({ runId: 12 });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(WebRoute.startTraining);
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual(config);
  });

  it('surfaces server errors as rejected promises', async () => {
    fetchMock.mockImplementationOnce(async () => new Response(JSON.stringify({ error: 'busy' }), { status: 409 }));
    await expect(createWebApi().startTraining(config)).rejects.toThrow('busy');
  });

  it('decodes streamed events, typed arrays and non-finite numbers included', () => {
    const api = createWebApi();
    const got: TrainEvent[] = [];
    const off = api.onTrainEvent((e) => got.push(e));
    const source = FakeEventSource.instances[0];
    expect(source.url).toBe(WebRoute.events);
    const snapshot: TrainEvent = { type: 'snapshot', runId: 2, params: [new Float32Array([0.5, -1.25]), new Float32Array([3])] };
    const diverged: TrainEvent = { type: 'epoch', runId: 2, epoch: 1, trainLoss: Number.NaN, trainAccuracy: 0.5, valLoss: Infinity, valAccuracy: null };
    source.emit(encodeTrainEvent(snapshot));
    source.emit(encodeTrainEvent(diverged));
    source.emit('not json');
    expect(got).toHaveLength(2);
    const params = (got[0] as Extract<TrainEvent, { type: 'snapshot' }>).params;
    expect(params[0]).toBeInstanceOf(Float32Array);
    expect([...params[0]]).toEqual([0.5, -1.25]);
    expect([...params[1]]).toEqual([3]);
    const epoch = got[1] as Extract<TrainEvent, { type: 'epoch' }>;
    expect(Number.isNaN(epoch.trainLoss)).toBe(true);
    expect(epoch.valLoss).toBe(Infinity);
    off();
    expect(source.closed).toBe(true);
  });
});
