import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, recordCanvas, videoSupported } from './exportMedia';
import type { Playback, PlaybackState } from './playback';
import type { RaceScene } from './scene/RaceScene';

export const SPEEDS = [1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000];

interface Props {
  playback: Playback;
  state: PlaybackState;
  sceneRef: React.MutableRefObject<RaceScene | null>;
}

/** Resolves when the playback stops (end reached or paused). */
function untilStopped(playback: Playback): Promise<void> {
  return new Promise((resolve) => {
    const off = playback.subscribe((s) => {
      if (!s.playing) {
        off();
        resolve();
      }
    });
  });
}

export function PlaybackBar({ playback, state, sceneRef }: Props) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState(false);
  const finished = state.step >= state.total;
  const status = state.playing ? 'playing' : finished ? 'finished' : 'paused';

  const record = async () => {
    const scene = sceneRef.current;
    if (!scene || recording) return;
    setRecording(true);
    try {
      playback.reset();
      const blob = await recordCanvas(scene.canvas, async () => {
        const stopped = untilStopped(playback);
        playback.play();
        await stopped;
      }, { redraw: () => scene.render() });
      const url = URL.createObjectURL(blob);
      download(url, 'optimizer-race.webm');
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setRecording(false);
    }
  };

  return (
    <div className="race-playback" data-testid="race-playback" data-state={status} data-step={state.step}>
      <div className="race-playback__buttons">
        {state.playing ? (
          <button type="button" className="button button--primary" data-testid="race-pause" onClick={() => playback.pause()}>
            ❚❚ {t('race.pause')}
          </button>
        ) : (
          <button type="button" className="button button--primary" data-testid="race-play" onClick={() => playback.play()}>
            ▶ {t('race.play')}
          </button>
        )}
        <button type="button" className="button" data-testid="race-step" onClick={() => playback.stepOnce()} disabled={finished} title={t('race.stepOnce')}>
          +1 {t('race.stepOnce')}
        </button>
        <button type="button" className="button" data-testid="race-to-end" onClick={() => playback.toEnd()} disabled={finished} title={t('race.toEnd')}>
          {t('race.toEndShort')}
        </button>
        <button type="button" className="button" data-testid="race-reset" onClick={() => playback.reset()} title={t('race.reset')}>
          ↺ {t('race.reset')}
        </button>
      </div>
      <label className="race-playback__speed">
        {t('race.speed')}
        <select data-testid="race-speed" value={state.speed} onChange={(e) => playback.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {t('race.speedValue', { n: s })}
            </option>
          ))}
        </select>
      </label>
      <div className="race-playback__progress">
        <div className="race-playback__counter" data-testid="race-step-counter">
          {t('race.stepOf', { step: state.step, total: state.total })}
        </div>
        <div className="progress__bar">
          <div className="progress__fill" style={{ width: `${state.total ? (100 * state.step) / state.total : 0}%`, transition: 'none' }} />
        </div>
      </div>
      <div className="race-playback__export">
        <button type="button" className="button" data-testid="race-export-png" onClick={() => sceneRef.current && download(sceneRef.current.toPng(), 'optimizer-race.png')}>
          {t('race.exportPng')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="race-export-webm"
          disabled={recording || !videoSupported()}
          title={videoSupported() ? undefined : t('race.videoUnsupported')}
          onClick={() => void record()}
        >
          {recording ? t('race.recording') : t('race.exportWebm')}
        </button>
      </div>
    </div>
  );
}
