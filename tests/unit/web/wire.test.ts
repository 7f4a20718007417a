// Train events as text (the browser build's event stream) must come back identical.
import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../src/core/train/events';
import { base64ToBytes, bytesToBase64, decodeTrainEvent, decodeWire, encodeTrainEvent, encodeWire } from '../../../src/shared/wire';

describe('base64', () => {
  it('matches the standard encoding (RFC 4648 test vectors)', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(bytesToBase64(bytes)).toBe(encoded);
      expect([...base64ToBytes(encoded)]).toEqual([...bytes]);
    }
  });

  it('round-trips every byte value and agrees with Node', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    expect(() => base64ToBytes('ab$d')).toThrow(/invalid base64/);
  });
});

describe('wire encoding', () => {
  it('keeps typed arrays bit-exact, including NaN, -0 and infinities', () => {
    const f32 = new Float32Array([0.1, -0, NaN, Infinity, -Infinity, 3.4e38, 1e-45]);
    const f64 = new Float64Array([Math.PI, -0, 5e-324]);
    const back = decodeWire(encodeWire({ f32, f64, i32: new Int32Array([-1, 2 ** 31 - 1]), u8: new Uint8Array([0, 255]) })) as Record<string, ArrayLike<number>>;
    expect(back.f32).toBeInstanceOf(Float32Array);
    expect(new Uint8Array((back.f32 as Float32Array).buffer)).toEqual(new Uint8Array(f32.buffer));
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect(Object.is(back.f64[1], -0)).toBe(true);
    expect([...(back.f64 as Float64Array)]).toEqual([...f64]);
    expect([...(back.i32 as Int32Array)]).toEqual([-1, 2 ** 31 - 1]);
    expect(back.u8).toEqual(new Uint8Array([0, 255]));
  });

  it('keeps non-finite plain numbers (JSON would turn them into null)', () => {
    expect(JSON.parse(JSON.stringify({ x: NaN }))).toEqual({ x: null });
    const back = decodeWire(encodeWire({ a: NaN, b: Infinity, c: -Infinity, d: 1.5, e: null })) as Record<string, unknown>;
    expect(back).toEqual({ a: NaN, b: Infinity, c: -Infinity, d: 1.5, e: null });
  });

  it('round-trips every kind of train event as one line', () => {
    const events: TrainEvent[] = [
      { type: 'started', runId: 1, epochs: 10, stepsPerEpoch: 5, trainSize: 80, valSize: 20 },
      { type: 'progress', runId: 1, epoch: 2, step: 7, totalSteps: 50, samplesPerSecond: 1234.5, etaSeconds: 0.3, batchLoss: NaN },
      { type: 'epoch', runId: 1, epoch: 1, trainLoss: 0.69, trainAccuracy: 0.5, valLoss: null, valAccuracy: null },
      { type: 'snapshot', runId: 1, params: [new Float32Array([1, 2, 3]), new Float32Array(0), new Float32Array([-0.25])] },
      { type: 'done', runId: 1, reason: 'completed', final: { epoch: 10, trainLoss: 0.01, trainAccuracy: 1, valLoss: 0.02, valAccuracy: 1 } },
      { type: 'error', runId: 1, code: 'diverged', message: 'loss became NaN', epoch: 3, step: 12 },
      { type: 'crashed', runId: 1, exitCode: null, signal: 'SIGKILL' },
    ];
    for (const event of events) {
      const text = encodeTrainEvent(event);
      expect(text).not.toContain('\n');
      expect(decodeTrainEvent(text)).toEqual(event);
    }
    const snap = decodeTrainEvent(encodeTrainEvent(events[3]));
    expect(snap.type === 'snapshot' && snap.params.every((p) => p instanceof Float32Array)).toBe(true);
  });

  it('rejects text that is not a train event', () => {
    expect(() => decodeTrainEvent('{"x":1}')).toThrow(/not a train event/);
    expect(() => decodeTrainEvent('nope')).toThrow();
  });
});
