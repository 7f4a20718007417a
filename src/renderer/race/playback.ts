// The race's clock, outside React: the views subscribe and mutate their buffers each frame;
// React hears about the step only a few times a second (see useShownStep).

export interface Scheduler {
  request(cb: (now: number) => void): number;
  cancel(id: number): void;
}

export interface PlaybackState {
  step: number;
  total: number;
  playing: boolean;
  /** Updates per second. */
  speed: number;
}

export interface Playback {
  get(): PlaybackState;
  /** Called with every change of step or play state (each animation frame while playing). */
  subscribe(fn: (s: PlaybackState) => void): () => void;
  setTotal(total: number): void;
  setSpeed(speed: number): void;
  play(): void;
  pause(): void;
  stepOnce(): void;
  reset(): void;
  toEnd(): void;
}

export function createPlayback(scheduler: Scheduler): Playback {
  const state: PlaybackState = { step: 0, total: 0, playing: false, speed: 50 };
  const listeners = new Set<(s: PlaybackState) => void>();
  let frame = 0;
  let last = -1; // time of the previous frame; −1 before the first
  let carry = 0; // fractional steps owed since the last frame

  const emit = () => listeners.forEach((fn) => fn(state));
  const stop = () => {
    if (frame) scheduler.cancel(frame);
    frame = 0;
    state.playing = false;
  };
  const tick = (now: number) => {
    frame = 0;
    if (!state.playing) return;
    const dt = last >= 0 ? Math.min(0.25, (now - last) / 1000) : 0; // a hidden tab does not jump ahead
    last = now;
    carry += dt * state.speed;
    const whole = Math.floor(carry);
    carry -= whole;
    state.step = Math.min(state.total, state.step + whole);
    if (state.step >= state.total) stop();
    else frame = scheduler.request(tick);
    emit();
  };

  return {
    get: () => state,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    setTotal(total) {
      state.total = total;
      if (state.step > total) state.step = total;
      emit();
    },
    setSpeed(speed) {
      state.speed = speed;
      emit();
    },
    play() {
      if (state.playing) return;
      if (state.step >= state.total) state.step = 0; // play again from the start
      state.playing = true;
      last = -1;
      carry = 0;
      frame = scheduler.request(tick);
      emit();
    },
    pause() {
      stop();
      emit();
    },
    stepOnce() {
      stop();
      state.step = Math.min(state.total, state.step + 1);
      emit();
    },
    reset() {
      stop();
      state.step = 0;
      emit();
    },
    toEnd() {
      stop();
      state.step = state.total;
      emit();
    },
  };
}
