// What the training process's worker-thread engines share (parallelGradients.ts: data parallel;
// splitDense.ts: Dense layers cut between the threads): where a thread's entry is, how a thread reports a
// failure through shared memory (the coordinator may be blocked in a step and cannot see events), and a
// barrier over shared counters.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FloatArray } from '../core/tensor/tensor';

/**
 * A thread entry next to this module, by base name: built (out/main/<name>.js), or in development and
 * tests the TypeScript source through tsx's require hook (loader flags do not reach worker threads on Node 20).
 */
export function threadEntry(name: string): { script: string; eval: boolean } {
  if (!__filename.endsWith('.ts')) {
    // This module may be bundled into the entry (out/main) or a shared chunk (out/main/chunks).
    const built = [join(__dirname, `${name}.js`), join(__dirname, '..', `${name}.js`)];
    return { script: built.find((f) => existsSync(f)) ?? built[0], eval: false };
  }
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(__dirname, `${name}.ts`))});`, eval: true };
}

export const ERROR_BYTES = 1024;

/** A thread's failure message (written before its status word turns non-zero). */
export function writeError(bytes: Uint8Array, message: string): void {
  bytes.set(new TextEncoder().encode(message).subarray(0, bytes.byteLength - 1));
}

export function decodeError(bytes: Uint8Array): string {
  const copy = bytes.slice(); // TextDecoder does not read shared memory
  const end = copy.indexOf(0);
  return new TextDecoder().decode(end < 0 ? copy : copy.subarray(0, end)) || 'unknown error';
}

/** Polls of a shared word before a waiting thread sleeps in Atomics.wait (waking from it costs ~50 µs). */
export const SPIN_CHECKS = 20_000;

/**
 * How long a thread waiting for a step's other threads polls before it sleeps: waking from
 * Atomics.wait costs 50 µs to over a millisecond on a VM, and the wait is usually shorter than this.
 * Bounded, so an idle run costs no CPU.
 */
export const SPIN_MS = 3;

/** Spins for `ms` (tests: a slow core). */
export function spinFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** Polls while a[index] === value, for up to SPIN_MS (then the caller sleeps in Atomics.wait). */
export function spinWhile(a: Int32Array, index: number, value: number): void {
  const started = performance.now();
  for (let polls = 0; Atomics.load(a, index) === value; polls++) if (!keepSpinning(started, polls)) return;
}

/** Whether a thread that started waiting at `started` (performance.now()) and polled `polls` times should keep polling (the clock is read every 1,024 polls). */
export function keepSpinning(started: number, polls: number): boolean {
  return (polls & 1023) !== 1023 || performance.now() - started < SPIN_MS;
}

/**
 * A barrier of `words.length` threads over shared counters: thread p's sync() raises words[p] to its
 * own count of syncs and returns once every other counter has reached it. The counters only grow, so
 * consecutive barriers need no reset. `check` runs while waiting and throws to abandon the wait (the
 * other thread failed, or stalled).
 */
export class Barrier {
  private count = 0;

  constructor(private readonly words: Int32Array, private readonly part: number, private readonly check: (waitedMs: number) => void) {}

  sync(): void {
    const k = ++this.count;
    Atomics.store(this.words, this.part, k);
    Atomics.notify(this.words, this.part);
    for (let q = 0; q < this.words.length; q++) {
      if (q === this.part) continue;
      let started = 0;
      for (let spins = 0; ; spins++) {
        const seen = Atomics.load(this.words, q);
        if (seen >= k) break;
        if (spins < SPIN_CHECKS) continue;
        if (started === 0) started = performance.now();
        this.check(performance.now() - started);
        Atomics.wait(this.words, q, seen, 50);
      }
    }
  }
}

/** dst[0 … count) = src[start … start+count). */
export function copyRows(src: ArrayLike<number>, start: number, count: number, dst: FloatArray): void {
  if (ArrayBuffer.isView(src)) dst.set((src as FloatArray).subarray(start, start + count));
  else for (let i = 0; i < count; i++) dst[i] = src[start + i];
}
