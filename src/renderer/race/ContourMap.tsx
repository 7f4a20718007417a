import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ContourPainter } from './contourPainter';
import { contourLevels, contourSegments } from './geometry/contours';
import type { Playback } from './playback';
import { OPTIMIZER_COLORS } from './raceSettings';
import { CONTOUR_COUNT } from './Surface3D';
import type { RaceModel } from './useRaceModel';

interface Props {
  model: RaceModel;
  start: { x: number; y: number };
  playback: Playback;
  onPick(x: number, y: number): void;
}

/** The 2-D contour map, synced with the 3-D view (same surface, start, trails and step). Click to move the start. */
export function ContourMap({ model, start, playback, onPick }: Props) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const painterRef = useRef<ContourPainter | null>(null);
  const { grid, scale, surface, trajectories } = model;
  const contours = useMemo(() => contourSegments(grid, contourLevels(scale, CONTOUR_COUNT)), [grid, scale]);

  useEffect(() => {
    const painter = new ContourPainter(canvasRef.current!);
    painterRef.current = painter;
    const box = boxRef.current!;
    const observer = new ResizeObserver(() => painter.resize(box.clientWidth, box.clientHeight));
    observer.observe(box);
    painter.resize(box.clientWidth, box.clientHeight);
    const unsubscribe = playback.subscribe((s) => painter.showStep(s.step));
    painter.showStep(playback.get().step);
    return () => {
      unsubscribe();
      observer.disconnect();
      painter.dispose();
      painterRef.current = null;
    };
  }, [playback]);

  useEffect(() => painterRef.current?.setSurface({ grid, scale, contours, minima: surface.minima }), [grid, scale, contours, surface]);
  useEffect(() => painterRef.current?.setTrails(trajectories.map((tr) => ({ color: OPTIMIZER_COLORS[tr.kind], trajectory: tr }))), [trajectories]);
  useEffect(() => painterRef.current?.setStart(start.x, start.y), [start.x, start.y]);

  return (
    <div className="race-2d" ref={boxRef}>
      <canvas
        ref={canvasRef}
        className="race-2d__canvas"
        data-testid="race-canvas-2d"
        aria-label={t('race.view2d')}
        onClick={(e) => {
          const p = painterRef.current?.toData(e.clientX, e.clientY);
          if (p) onPick(p.x, p.y);
        }}
      />
      <div className="race-3d__title">{t('race.view2d')}</div>
    </div>
  );
}
