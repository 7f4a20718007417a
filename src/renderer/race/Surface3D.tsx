import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { contourLevels, contourSegments } from './geometry/contours';
import { buildSurfaceGeometry } from './geometry/surfaceGeometry';
import { trailPositions, worldPoint } from './geometry/trailPositions';
import { worldMapping } from './geometry/worldMapping';
import { Legend } from './Legend';
import type { Playback } from './playback';
import { OPTIMIZER_COLORS } from './raceSettings';
import type { RaceModel } from './useRaceModel';
import { RaceScene } from './scene/RaceScene';

export const CONTOUR_COUNT = 16;

interface Props {
  model: RaceModel;
  start: { x: number; y: number };
  playback: Playback;
  onPick(x: number, y: number): void;
  sceneRef: React.MutableRefObject<RaceScene | null>;
}

/** The 3-D surface, trails and markers. React only wires data in; frames never re-render it. */
export function Surface3D({ model, start, playback, onPick, sceneRef }: Props) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const { surface, grid, scale, trajectories } = model;
  const map = worldMapping(surface.domain);

  useEffect(() => {
    const scene = new RaceScene(canvasRef.current!);
    sceneRef.current = scene;
    const box = boxRef.current!;
    const observer = new ResizeObserver(() => scene.resize(box.clientWidth, box.clientHeight));
    observer.observe(box);
    scene.resize(box.clientWidth, box.clientHeight);
    const unsubscribe = playback.subscribe((s) => scene.showStep(s.step));
    scene.showStep(playback.get().step);
    return () => {
      unsubscribe();
      observer.disconnect();
      scene.dispose();
      sceneRef.current = null;
    };
  }, [playback, sceneRef]);

  useEffect(() => {
    const contours = contourSegments(grid, contourLevels(scale, CONTOUR_COUNT));
    const minima = surface.minima.map((m) => {
      const p = new Float32Array(3);
      worldPoint(surface, map, scale, m.x, m.y, p);
      return p;
    });
    sceneRef.current?.setSurface({ geometry: buildSurfaceGeometry(grid, scale), contours, map, scale, minima });
  }, [grid, scale]);

  useEffect(() => {
    sceneRef.current?.setTrails(trajectories.map((tr) => ({ color: OPTIMIZER_COLORS[tr.kind], positions: trailPositions(tr, surface, map, scale) })));
  }, [trajectories, scale]);

  useEffect(() => {
    const p = new Float32Array(3);
    worldPoint(surface, map, scale, start.x, start.y, p);
    sceneRef.current?.setStart(p);
  }, [start.x, start.y, surface, scale]);

  return (
    <div className="race-3d" ref={boxRef}>
      <canvas
        ref={canvasRef}
        className="race-3d__canvas"
        data-testid="race-canvas-3d"
        aria-label={t('race.view3d')}
        onDoubleClick={(e) => {
          const hit = sceneRef.current?.pick(e.clientX, e.clientY);
          if (hit) onPick(map.fromX(hit.X), map.fromY(hit.Y));
        }}
      />
      <div className="race-3d__title">{t('race.view3d')}</div>
      <Legend scale={scale} />
    </div>
  );
}
