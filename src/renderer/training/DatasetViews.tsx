import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { generateSines, loadIris, type Model } from '../../core';
import type { SinesConfig } from '../../core/train/config';
import { trainingStore, useTrainingStore, type TrainingState } from '../store/trainingStore';
import { modelForRun, sameDataset } from './runModel';
import { MNIST_PREVIEW_LABELS, MNIST_PREVIEW_PIXELS } from './mnistPreviewData';

// What the network has learned, for the datasets without a decision boundary: a few test digits
// (MNIST), a forecast against the truth (sines), predicted Iris classes. Each is a small canvas
// redrawn on requestAnimationFrame when a snapshot arrives — no React render per snapshot.

const W = 232;
const H = 204; // leaves room for the hint under the canvas in the dock

/** The run's model with the latest weights, when the run's dataset is the one shown. */
function trainedModel(s: TrainingState): Model | null {
  const run = s.runConfig;
  if (!s.params || !run || !sameDataset(run.dataset, s.settings.dataset)) return null;
  const model = modelForRun(run);
  if (!model) return null;
  try {
    model.setParams(s.params);
    return model;
  } catch {
    return null; // parameters from another network shape
  }
}

/** A canvas drawn by draw(ctx, w, h, dpr, state) whenever the weights, dataset or run change. */
function useStoreCanvas(draw: (ctx: CanvasRenderingContext2D, w: number, h: number, dpr: number, s: TrainingState) => void) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawRef = useRef(draw);
  drawRef.current = draw;
  useEffect(() => {
    const canvas = ref.current!;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    canvas.width = W * dpr;
    canvas.height = H * dpr;
    let frame = 0;
    const paint = () => {
      frame = 0;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      try {
        drawRef.current(ctx, canvas.width, canvas.height, dpr, trainingStore.getState());
      } catch {
        // a half-typed config (e.g. sines length 0): nothing to draw
      }
    };
    const request = () => {
      if (!frame) frame = requestAnimationFrame(paint);
    };
    request();
    const unsubscribe = trainingStore.subscribe((s, prev) => {
      if (s.params !== prev.params || s.settings.dataset !== prev.settings.dataset || s.runConfig !== prev.runConfig) request();
    });
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
  return ref;
}

// ---- MNIST: the first test digits with the predicted class

let previewX: Float32Array | null = null;
function mnistPreview(): Float32Array {
  if (!previewX) {
    const bin = atob(MNIST_PREVIEW_PIXELS);
    previewX = Float32Array.from(bin, (c) => c.charCodeAt(0) / 255);
  }
  return previewX;
}

function argmax(y: ArrayLike<number>, offset: number, n: number): number {
  let k = 0;
  for (let j = 1; j < n; j++) if (y[offset + j] > y[offset + k]) k = j;
  return k;
}

function MnistView() {
  const { t } = useTranslation();
  const accuracy = useTrainingStore((s) => (s.history.length ? s.history[s.history.length - 1].valAccuracy : null));
  const ref = useStoreCanvas((ctx, w, h, dpr, s) => {
    const count = MNIST_PREVIEW_LABELS.length;
    const cols = 4;
    const rows = Math.ceil(count / cols);
    const cell = Math.floor(Math.min(w / cols, h / rows));
    const x = mnistPreview();
    const model = trainedModel(s);
    const y = model && model.outputSize === 10 ? model.predict(x, count) : null;
    const image = ctx.createImageData(28, 28);
    const tile = document.createElement('canvas');
    tile.width = 28;
    tile.height = 28;
    const tctx = tile.getContext('2d')!;
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    for (let i = 0; i < count; i++) {
      for (let p = 0; p < 784; p++) {
        const v = 255 - Math.round(x[i * 784 + p] * 255);
        image.data.set([v, v, v, 255], p * 4);
      }
      tctx.putImageData(image, 0, 0);
      const cx = (i % cols) * cell;
      const cy = Math.floor(i / cols) * cell;
      const pad = 6 * dpr;
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(tile, cx + pad, cy + pad, cell - 2 * pad, cell - 2 * pad);
      if (y) {
        const pred = argmax(y, i * 10, 10);
        const ok = pred === MNIST_PREVIEW_LABELS[i];
        ctx.strokeStyle = ok ? '#16a34a' : '#dc2626';
        ctx.lineWidth = 2 * dpr;
        ctx.strokeRect(cx + pad / 2, cy + pad / 2, cell - pad, cell - pad);
        ctx.fillStyle = ok ? '#166534' : '#b91c1c';
        ctx.fillText(String(pred), cx + pad, cy + pad);
      }
    }
  });
  return (
    <>
      <canvas ref={ref} className="dataset-view" data-testid="mnist-view" style={{ width: W, height: H }} />
      <div className="dataset-view__hint" data-testid="mnist-test-accuracy" data-value={accuracy ?? ''}>
        {t('training.testAccuracy')}: {accuracy === null || accuracy === undefined ? '—' : `${(accuracy * 100).toFixed(1)}%`}
      </div>
    </>
  );
}

// ---- Sines: one fresh sequence, the truth and the forecast `horizon` steps ahead

const FORECASTS = 60;

function SinesView() {
  const { t } = useTranslation();
  const horizon = useTrainingStore((s) => (s.settings.dataset.kind === 'sines' ? s.settings.dataset.horizon : 0));
  const ref = useStoreCanvas((ctx, w, h, dpr, s) => {
    const cfg = s.settings.dataset as SinesConfig;
    const T = cfg.length;
    // One long window of a signal the network never saw (another seed), with and without noise
    // (the noise has its own stream, so both are the same signal).
    const seq = { ...cfg, count: 1, length: T + FORECASTS + cfg.horizon, seed: cfg.seed + 7919 };
    const noisy = generateSines(seq).x;
    const clean = generateSines({ ...seq, noise: 0 }).x;
    const model = trainedModel(s);
    let pred: Float32Array | Float64Array | null = null;
    if (model && model.inputSize === T && model.outputSize === 1) {
      const x = new Float32Array(FORECASTS * T);
      for (let k = 0; k < FORECASTS; k++) x.set(noisy.subarray(k, k + T), k * T);
      pred = model.predict(x, FORECASTS);
    }
    const n = clean.length;
    const px = (i: number) => (i / (n - 1)) * w;
    const py = (v: number) => h / 2 - (v / 1.7) * (h / 2 - 8 * dpr);
    ctx.strokeStyle = 'rgba(120, 130, 150, 0.3)';
    ctx.lineWidth = dpr;
    ctx.beginPath();
    ctx.moveTo(0, py(0));
    ctx.lineTo(w, py(0));
    ctx.stroke();
    ctx.strokeStyle = '#2563eb';
    ctx.lineWidth = 1.6 * dpr;
    ctx.beginPath();
    for (let i = 0; i < n; i++) (i ? ctx.lineTo : ctx.moveTo).call(ctx, px(i), py(clean[i]));
    ctx.stroke();
    if (pred) {
      ctx.strokeStyle = '#ea7a14';
      ctx.setLineDash([5 * dpr, 4 * dpr]);
      ctx.beginPath();
      for (let k = 0; k < FORECASTS; k++) (k ? ctx.lineTo : ctx.moveTo).call(ctx, px(k + T - 1 + cfg.horizon), py(pred[k]));
      ctx.stroke();
      ctx.setLineDash([]);
    }
  });
  return (
    <>
      <canvas ref={ref} className="dataset-view" data-testid="sines-view" style={{ width: W, height: H }} />
      <div className="dataset-view__hint">{t('training.sinesHint', { horizon })}</div>
    </>
  );
}

// ---- Iris: petal length × width, fill = predicted class, ring = true class

const IRIS_COLORS = ['#2563eb', '#ea7a14', '#16a34a'];
let iris: ReturnType<typeof loadIris> | null = null;

function IrisView() {
  const { t } = useTranslation();
  const ref = useStoreCanvas((ctx, w, h, dpr, s) => {
    iris ??= loadIris();
    const model = trainedModel(s);
    const y = model && model.inputSize === 4 && model.outputSize === 3 ? model.predict(iris.x, iris.n) : null;
    const pos = (v: number, size: number) => ((v + 2.2) / 4.4) * size;
    for (let i = 0; i < iris.n; i++) {
      const cx = pos(iris.x[i * 4 + 2], w);
      const cy = h - pos(iris.x[i * 4 + 3], h);
      ctx.beginPath();
      ctx.arc(cx, cy, 3.4 * dpr, 0, 2 * Math.PI);
      ctx.fillStyle = y ? IRIS_COLORS[argmax(y, i * 3, 3)] : '#d1d5db';
      ctx.fill();
      ctx.strokeStyle = IRIS_COLORS[iris.y[i]];
      ctx.lineWidth = 1.4 * dpr;
      ctx.stroke();
    }
  });
  return (
    <>
      <canvas ref={ref} className="dataset-view" data-testid="iris-view" style={{ width: W, height: H }} />
      <div className="dataset-view__hint">{t('training.irisHint')}</div>
    </>
  );
}

/** Title and view for the non-2-D datasets (null for the 2-D ones: they show the decision boundary). */
export function datasetView(kind: string): { title: string; View: () => React.JSX.Element } | null {
  if (kind === 'mnist') return { title: 'training.mnistView', View: MnistView };
  if (kind === 'sines') return { title: 'training.sinesView', View: SinesView };
  if (kind === 'iris') return { title: 'training.irisView', View: IrisView };
  return null;
}
