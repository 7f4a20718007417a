// The playback clock with a hand-driven scheduler: steps advance with time × speed.
import { describe, expect, it } from 'vitest';
import { createPlayback, type Scheduler } from '../../../src/renderer/race/playback';

function fakeFrames() {
  let pending: ((now: number) => void) | null = null;
  const scheduler: Scheduler = {
    request: (cb) => {
      pending = cb;
      return 1;
    },
    cancel: () => {
      pending = null;
    },
  };
  return { scheduler, frame: (now: number) => { const cb = pending; pending = null; cb?.(now); }, hasPending: () => pending !== null };
}

describe('playback', () => {
  it('advances speed × elapsed seconds, stops at the end, and tells subscribers', () => {
    const f = fakeFrames();
    const p = createPlayback(f.scheduler);
    const seen: number[] = [];
    p.subscribe((s) => seen.push(s.step));
    p.setTotal(100);
    p.setSpeed(50);
    p.play();
    f.frame(1000); // first frame: clock starts
    f.frame(1100); // 0.1 s × 50 = 5 steps
    expect(p.get().step).toBe(5);
    f.frame(1130); // 1.5 steps: 1 now, 0.5 carried
    f.frame(1140); // 0.5 + 0.5 = 1 more
    expect(p.get().step).toBe(7);
    for (let t = 1200; t <= 3400; t += 200) f.frame(t);
    expect(p.get()).toMatchObject({ step: 100, playing: false });
    expect(f.hasPending()).toBe(false);
    expect(seen.at(-1)).toBe(100);
  });

  it('step, reset, to-end; play from the end starts over; total clamps the step', () => {
    const f = fakeFrames();
    const p = createPlayback(f.scheduler);
    p.setTotal(10);
    p.stepOnce();
    p.stepOnce();
    expect(p.get().step).toBe(2);
    p.toEnd();
    expect(p.get().step).toBe(10);
    p.stepOnce();
    expect(p.get().step).toBe(10);
    p.play();
    expect(p.get()).toMatchObject({ step: 0, playing: true });
    p.pause();
    expect(p.get().playing).toBe(false);
    p.toEnd();
    p.setTotal(4);
    expect(p.get().step).toBe(4);
    p.reset();
    expect(p.get().step).toBe(0);
  });

  it('a long gap (hidden tab) advances at most a quarter second', () => {
    const f = fakeFrames();
    const p = createPlayback(f.scheduler);
    p.setTotal(1000);
    p.setSpeed(100);
    p.play();
    f.frame(0);
    f.frame(60_000);
    expect(p.get().step).toBe(25);
  });
});
