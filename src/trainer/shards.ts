// The shards of a data-parallel step (parallelGradients.ts) and how threads claim them.
//
// A batch is cut into more shards than there are threads, and each thread takes the next unclaimed
// one until none is left. A faster core thus takes more of the batch: on a laptop's performance and
// efficiency cores, or on a VM whose two vCPUs run at different speeds from one second to the next
// (measured here: one vCPU up to 1.8× slower than the other for seconds at a time), a fixed half
// each would wait for the slower one every step.
//
// Which thread computes a shard changes nothing: every thread has the same weights and the same
// kernels, each shard's gradient goes to that shard's own slot, and the slots are added in shard
// order. The number of shards depends on the batch alone (up to MAX_SHARDS threads), so a seed
// gives the same run bit for bit on two threads or three, whoever computed what.

/** Words (Int32) of the block every thread of a data-parallel engine shares. */
export const WORK = {
  /** (step tag << 8) | the next unclaimed shard: a claim of an earlier step sees another tag and takes nothing. */
  claim: 0,
  /** Shards of the step computed so far. */
  finished: 1,
  /** Shards in the step. */
  shards: 2,
  /** Samples in the step's batch. */
  n: 3,
} as const;
export const WORK_WORDS = 4;

/** Shards a batch is cut into (the batch size permitting): a few per thread of a two-thread run, so the faster thread can take more. */
export const MAX_SHARDS = 8;

/** Gradient slots (all shards together) at most, in bytes: a large network gets fewer shards rather than hundreds of MB of slots. */
const SLOT_BUDGET_BYTES = 64 << 20;

/** The most shards a batch of this network is cut into: MAX_SHARDS (or `threads`, if more), fewer when their slots would exceed the budget, never fewer than `threads`. */
export function shardLimit(params: number, bytesPerFloat: number, threads: number): number {
  const fit = Math.floor(SLOT_BUDGET_BYTES / Math.max(1, params * bytesPerFloat));
  return Math.min(255, Math.max(threads, Math.min(Math.max(MAX_SHARDS, threads), fit)));
}

/** The step tag in the claim word (seq modulo 2²³: a thread cannot fall that many steps behind). */
function tag(seq: number): number {
  return (seq & 0x7fffff) << 8;
}

/** Opens step `seq` with `shards` shards of a batch of n: called by the coordinator before it wakes the other threads. */
export function openStep(work: Int32Array, seq: number, shards: number, n: number): void {
  work[WORK.n] = n;
  work[WORK.shards] = shards;
  Atomics.store(work, WORK.finished, 0);
  Atomics.store(work, WORK.claim, tag(seq));
}

/** Takes the next unclaimed shard of step `seq`: its index, or −1 when every shard is taken (or the step is over). */
export function claimShard(work: Int32Array, seq: number): number {
  const mine = tag(seq);
  for (;;) {
    const v = Atomics.load(work, WORK.claim);
    // The shard count is read after the claim word: openStep writes it before it stores the new tag.
    if ((v & ~0xff) !== mine || (v & 0xff) >= Atomics.load(work, WORK.shards)) return -1;
    if (Atomics.compareExchange(work, WORK.claim, v, v + 1) === v) return v & 0xff;
  }
}

/** Marks one shard computed (its loss and slot are written). */
export function finishShard(work: Int32Array): void {
  Atomics.add(work, WORK.finished, 1);
  Atomics.notify(work, WORK.finished);
}

/**
 * The shards of a batch of n samples, in claim order: contiguous, each of at least one sample, and
 * shrinking (weights S+1, S, …, 2), so the last shards taken are small and the threads finish close
 * together ("guided" self-scheduling). From n and `shards` alone.
 */
export function shardBounds(n: number, shards: number): { start: number; count: number }[] {
  const S = Math.max(1, Math.min(n, shards));
  const weight = (k: number) => S + 1 - k;
  const total = (S * (S + 3)) / 2; // Σ weight(k), k = 0 … S−1
  const out: { start: number; count: number }[] = [];
  let start = 0;
  let cum = 0;
  for (let k = 0; k < S; k++) {
    cum += weight(k);
    // Round the ideal boundary, keeping at least one sample for this shard and for each one after it.
    const end = k === S - 1 ? n : Math.min(n - (S - 1 - k), Math.max(start + 1, Math.round((n * cum) / total)));
    out.push({ start, count: end - start });
    start = end;
  }
  return out;
}
