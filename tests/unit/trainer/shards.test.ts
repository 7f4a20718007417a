// The shards of a data-parallel step and their claims (src/trainer/shards.ts). Truth: hand-computed
// boundaries and claim sequences.
import { describe, expect, it } from 'vitest';
import { claimShard, finishShard, MAX_SHARDS, openStep, shardBounds, shardLimit, WORK, WORK_WORDS } from '../../../src/trainer/shards';

const counts = (n: number, s: number) => shardBounds(n, s).map((b) => b.count);

describe('shardBounds', () => {
  it('cuts a batch into shrinking contiguous shards (weights S+1 … 2), by hand', () => {
    // n = 32, S = 8: weights 9 8 7 6 5 4 3 2 (Σ 44); ideal ends 32·(9, 17, 24, 30, 35, 39, 42)/44 = 6.5 12.4 17.5 21.8 25.5 28.4 30.5 → 7 12 17 22 25 28 31.
    expect(counts(32, 8)).toEqual([7, 5, 5, 5, 3, 3, 3, 1]);
    // n = 20: 20·(9, 17, 24, 30, 35, 39, 42)/44 = 4.1 7.7 10.9 13.6 15.9 17.7 19.1 → 4 8 11 14 16 18 19.
    expect(counts(20, 8)).toEqual([4, 4, 3, 3, 2, 2, 1, 1]);
    // Two shards: weights 3 2 → 64·3/5 = 38.4.
    expect(counts(64, 2)).toEqual([38, 26]);
  });

  it('gives every shard at least one sample, and no more shards than samples', () => {
    expect(counts(8, 8)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(counts(3, 8)).toEqual([1, 1, 1]);
    expect(counts(1, 8)).toEqual([1]);
    for (let n = 1; n <= 70; n++) {
      const b = shardBounds(n, MAX_SHARDS);
      expect(b.length).toBe(Math.min(n, MAX_SHARDS));
      b.forEach((s, k) => {
        expect(s.count).toBeGreaterThanOrEqual(1);
        expect(s.start).toBe(k === 0 ? 0 : b[k - 1].start + b[k - 1].count);
      });
      expect(b[b.length - 1].start + b[b.length - 1].count).toBe(n);
    }
  });
});

describe('shardLimit', () => {
  it('MAX_SHARDS for a network whose slots fit the budget; fewer for a large one, never fewer than the threads', () => {
    expect(shardLimit(11_000, 4, 2)).toBe(MAX_SHARDS);
    expect(shardLimit(11_000, 4, 12)).toBe(12);
    // 64 MiB of slots: 4 M float32 parameters fit 4 slots, float64 two.
    expect(shardLimit(4 << 20, 4, 2)).toBe(4);
    expect(shardLimit(4 << 20, 8, 2)).toBe(2);
    expect(shardLimit(100 << 20, 4, 2)).toBe(2);
  });
});

describe('claimShard', () => {
  it('hands out shards 0, 1, … once each, then −1; a claim for another step takes nothing', () => {
    const work = new Int32Array(new SharedArrayBuffer(WORK_WORDS * 4));
    openStep(work, 5, 3, 20);
    expect(work[WORK.n]).toBe(20);
    expect(claimShard(work, 4)).toBe(-1); // a thread still on step 4
    expect([claimShard(work, 5), claimShard(work, 5), claimShard(work, 5), claimShard(work, 5)]).toEqual([0, 1, 2, -1]);
    finishShard(work);
    finishShard(work);
    expect(work[WORK.finished]).toBe(2);
    openStep(work, 6, 2, 7);
    expect(work[WORK.finished]).toBe(0);
    expect(claimShard(work, 5)).toBe(-1); // a late claim of step 5 cannot take step 6's shard 0
    expect([claimShard(work, 6), claimShard(work, 6), claimShard(work, 6)]).toEqual([0, 1, -1]);
  });

  it('tells steps 2²³ apart from their neighbours (the tag wraps there)', () => {
    const work = new Int32Array(new SharedArrayBuffer(WORK_WORDS * 4));
    openStep(work, (1 << 23) + 1, 2, 4);
    expect(claimShard(work, 1 << 23)).toBe(-1);
    expect(claimShard(work, (1 << 23) + 1)).toBe(0);
  });
});
