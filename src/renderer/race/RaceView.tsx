// The "Optimizer race" view: the same start point, several optimizers, one surface — in 3-D
// and as a contour map, with the race table and a per-step table beside.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ContourMap } from './ContourMap';
import { OptimizerPanel } from './OptimizerPanel';
import { PlaybackBar } from './PlaybackBar';
import { createPlayback, type Scheduler } from './playback';
import { RaceTable } from './RaceTable';
import { useRaceStore } from './raceStore';
import type { RaceScene } from './scene/RaceScene';
import { StepTable } from './StepTable';
import { Surface3D } from './Surface3D';
import { SurfacePanel } from './SurfacePanel';
import { useRaceModel } from './useRaceModel';
import { useShownStep } from './useShownStep';

const frames: Scheduler = { request: (cb) => requestAnimationFrame(cb), cancel: (id) => cancelAnimationFrame(id) };

/** A picked start point, rounded to what a person would type. */
const tidy = (v: number) => Math.round(v * 100) / 100;

export function RaceView() {
  const { t } = useTranslation();
  const settings = useRaceStore((s) => s.settings);
  const update = useRaceStore((s) => s.update);
  const model = useRaceModel(settings);
  const playback = useMemo(() => createPlayback(frames), []);
  const sceneRef = useRef<RaceScene | null>(null);
  useEffect(() => playback.setTotal(settings.steps), [playback, settings.steps]);
  useEffect(() => () => playback.pause(), [playback]);
  const shown = useShownStep(playback);
  const decimals = settings.textbook.enabled ? settings.textbook.decimals : null;
  const blocked = model.error ? t('race.table.fixExpression') : null;
  const pick = (x: number, y: number) => update({ start: { x: tidy(x), y: tidy(y) } });

  return (
    <div className="race" data-testid="race-view">
      <aside className="race-side">
        <div className="panel-title">{t('race.title')}</div>
        <p className="race-side__intro">{t('race.intro')}</p>
        <SurfacePanel model={model} />
        <OptimizerPanel />
      </aside>
      <div className="race-main">
        <PlaybackBar playback={playback} state={shown} sceneRef={sceneRef} />
        <div className="race-views">
          <Surface3D model={model} start={settings.start} playback={playback} onPick={pick} sceneRef={sceneRef} />
          <ContourMap model={model} start={settings.start} playback={playback} onPick={pick} />
        </div>
        <div className="race-tables">
          <RaceTable trajectories={model.trajectories} surface={model.surface} step={shown.step} decimals={decimals} blocked={blocked} />
          <StepTable trajectories={model.trajectories} step={shown.step} tolerance={settings.tolerance} decimals={decimals} blocked={blocked} />
        </div>
      </div>
    </div>
  );
}
