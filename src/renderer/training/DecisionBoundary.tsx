import { useEffect, useRef } from 'react';
import { decisionGrid } from '../../core';
import { trainingStore, type TrainingState } from '../store/trainingStore';
import { datasetFor, modelForRun, sameDataset } from './runModel';
import { CLASS0_COLOR, CLASS1_COLOR, fillHeatmap, NEUTRAL_COLOR, toCanvas } from './heatmap';

const RESOLUTION = 64;
const SIZE = 232; // CSS pixels
const HEATMAP_ALPHA = 150;

const css = (c: readonly number[]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/**
 * The data points and, once a run has produced weights, the network's class-1 probability
 * over the plane. Drawn imperatively on requestAnimationFrame from store subscriptions —
 * no React render per snapshot.
 */
export function DecisionBoundary() {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    canvas.width = SIZE * dpr;
    canvas.height = SIZE * dpr;
    const grid = document.createElement('canvas');
    grid.width = RESOLUTION;
    grid.height = RESOLUTION;
    const gridCtx = grid.getContext('2d')!;
    const image = gridCtx.createImageData(RESOLUTION, RESOLUTION);

    let frame = 0;
    const draw = () => {
      frame = 0;
      const s = trainingStore.getState();
      const data = datasetFor(s.settings.dataset);
      const w = canvas.width;
      const h = canvas.height;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, w, h);
      if (!data) return;

      const run = s.runConfig;
      const model = s.params && run && sameDataset(run.dataset, s.settings.dataset) ? modelForRun(run) : null;
      if (model && s.params) {
        try {
          model.setParams(s.params);
          // Translucent over white, as in TF Playground, so the points stay readable on top.
          fillHeatmap(decisionGrid(model, data.bounds, RESOLUTION), image.data, HEATMAP_ALPHA);
          gridCtx.putImageData(image, 0, 0);
          ctx.imageSmoothingEnabled = true;
          ctx.drawImage(grid, 0, 0, w, h);
        } catch {
          // parameters from another network shape: keep the plain background
        }
      } else {
        ctx.fillStyle = css(NEUTRAL_COLOR);
        ctx.globalAlpha = 0.5;
        ctx.fillRect(0, 0, w, h);
        ctx.globalAlpha = 1;
      }

      const r = 2.6 * dpr;
      ctx.lineWidth = 0.9 * dpr;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.95)';
      for (let i = 0; i < data.n; i++) {
        const [px, py] = toCanvas(data.x[2 * i], data.x[2 * i + 1], data.bounds, w, h);
        ctx.beginPath();
        ctx.arc(px, py, r, 0, Math.PI * 2);
        ctx.fillStyle = css(data.y[i] >= 0.5 ? CLASS1_COLOR : CLASS0_COLOR);
        ctx.fill();
        ctx.stroke();
      }
    };
    const request = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    request();
    const unsubscribe = trainingStore.subscribe((s: TrainingState, prev: TrainingState) => {
      if (s.params !== prev.params || s.settings.dataset !== prev.settings.dataset || s.runConfig !== prev.runConfig) request();
    });
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  return (
    <canvas
      ref={canvasRef}
      className="decision-boundary"
      data-testid="decision-boundary"
      style={{ width: SIZE, height: SIZE }}
    />
  );
}
