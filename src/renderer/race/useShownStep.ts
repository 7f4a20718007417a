import { useEffect, useState } from 'react';
import type { Playback, PlaybackState } from './playback';

/** Interval between React updates while playing (the views themselves follow every frame). */
const THROTTLE_MS = 200;

/** The playback state as React sees it: at most ~5 updates a second while playing, exact when paused. */
export function useShownStep(playback: Playback): PlaybackState {
  const [shown, setShown] = useState<PlaybackState>(() => ({ ...playback.get() }));
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const push = () => {
      timer = null;
      last = performance.now();
      setShown({ ...playback.get() });
    };
    const unsubscribe = playback.subscribe((s) => {
      if (!s.playing) {
        if (timer) clearTimeout(timer);
        push();
      } else if (!timer) {
        timer = setTimeout(push, Math.max(0, THROTTLE_MS - (performance.now() - last)));
      }
    });
    push(); // changes made before we subscribed (e.g. the total set by the parent's effect)
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [playback]);
  return shown;
}
