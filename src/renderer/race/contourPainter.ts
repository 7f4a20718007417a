// The 2-D contour map on a plain canvas: a cached background (colours, contours, axes,
// minima) and, per frame, only the trails and markers on top of it.
import type { Domain, Grid, KnownMinimum, Trajectory } from '../../core/landscape';
import type { Contours } from './geometry/contours';
import type { HeightScale } from './geometry/heightScale';
import { heatmapPixels } from './geometry/heatmapPixels';
import { formatCompact } from './format';

export interface PainterSurface {
  grid: Grid;
  scale: HeightScale;
  contours: Contours;
  minima: readonly KnownMinimum[];
}

export interface PainterTrail {
  color: string;
  trajectory: Trajectory;
}

const MARGIN = { left: 40, right: 12, top: 12, bottom: 26 };

export class ContourPainter {
  private surface: PainterSurface | null = null;
  private background: HTMLCanvasElement | null = null;
  private trails: PainterTrail[] = [];
  private start = { x: 0, y: 0 };
  private step = 0;
  private width = 1;
  private height = 1;
  private dpr = 1;
  private plot = { x: 0, y: 0, w: 1, h: 1 };
  private frame = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  setSurface(s: PainterSurface): void {
    this.surface = s;
    this.background = null;
    this.requestDraw();
  }

  setTrails(trails: PainterTrail[]): void {
    this.trails = trails;
    this.requestDraw();
  }

  setStart(x: number, y: number): void {
    this.start = { x, y };
    this.requestDraw();
  }

  showStep(step: number): void {
    this.step = step;
    this.requestDraw();
  }

  resize(width: number, height: number): void {
    if (width < 1 || height < 1) return;
    this.dpr = Math.min(2, window.devicePixelRatio || 1);
    this.width = width;
    this.height = height;
    this.canvas.width = Math.round(width * this.dpr);
    this.canvas.height = Math.round(height * this.dpr);
    this.background = null;
    this.requestDraw();
  }

  /** Data coordinates under a page point, or null outside the plot. */
  toData(clientX: number, clientY: number): { x: number; y: number } | null {
    const d = this.surface?.grid.domain;
    if (!d) return null;
    const r = this.canvas.getBoundingClientRect();
    const u = (clientX - r.left - this.plot.x) / this.plot.w;
    const v = (clientY - r.top - this.plot.y) / this.plot.h;
    if (u < 0 || u > 1 || v < 0 || v > 1) return null;
    return { x: d.xMin + u * (d.xMax - d.xMin), y: d.yMax - v * (d.yMax - d.yMin) };
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private px(d: Domain, x: number, y: number): [number, number] {
    return [this.plot.x + ((x - d.xMin) / (d.xMax - d.xMin)) * this.plot.w, this.plot.y + ((d.yMax - y) / (d.yMax - d.yMin)) * this.plot.h];
  }

  /** Fits the window's aspect ratio into the canvas, leaving room for the axes. */
  private layout(d: Domain): void {
    const aw = this.width - MARGIN.left - MARGIN.right;
    const ah = this.height - MARGIN.top - MARGIN.bottom;
    const aspect = (d.xMax - d.xMin) / (d.yMax - d.yMin);
    const w = Math.min(aw, ah * aspect);
    const h = w / aspect;
    this.plot = { x: MARGIN.left + (aw - w) / 2, y: MARGIN.top + (ah - h) / 2, w, h };
  }

  private renderBackground(s: PainterSurface): HTMLCanvasElement {
    const d = s.grid.domain;
    this.layout(d);
    const bg = document.createElement('canvas');
    bg.width = this.canvas.width;
    bg.height = this.canvas.height;
    const ctx = bg.getContext('2d')!;
    ctx.scale(this.dpr, this.dpr);
    const n = s.grid.n;
    const tile = document.createElement('canvas');
    tile.width = tile.height = n;
    tile.getContext('2d')!.putImageData(new ImageData(heatmapPixels(s.grid, s.scale) as Uint8ClampedArray<ArrayBuffer>, n, n), 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tile, this.plot.x, this.plot.y, this.plot.w, this.plot.h);

    // Contours: light on low ground, dark on high, as in the 3-D view.
    ctx.lineWidth = 0.8;
    const c = s.contours;
    for (const dark of [false, true]) {
      ctx.beginPath();
      for (let i = 0; i < c.count; i++) {
        if (s.scale.toUnit(c.levels[c.levelOf[i]]) > 0.62 !== dark) continue;
        const [x1, y1] = this.px(d, c.segments[i * 4], c.segments[i * 4 + 1]);
        const [x2, y2] = this.px(d, c.segments[i * 4 + 2], c.segments[i * 4 + 3]);
        ctx.moveTo(x1, y1);
        ctx.lineTo(x2, y2);
      }
      ctx.strokeStyle = dark ? 'rgba(20, 28, 50, 0.4)' : 'rgba(255, 255, 255, 0.45)';
      ctx.stroke();
    }

    ctx.strokeStyle = '#9aa3b2';
    ctx.lineWidth = 1;
    ctx.strokeRect(this.plot.x, this.plot.y, this.plot.w, this.plot.h);
    ctx.fillStyle = '#5b6475';
    ctx.font = '10.5px system-ui, sans-serif';
    for (let i = 0; i <= 4; i++) {
      const xv = d.xMin + ((d.xMax - d.xMin) * i) / 4;
      const yv = d.yMin + ((d.yMax - d.yMin) * i) / 4;
      const [xp] = this.px(d, xv, d.yMin);
      const [, yp] = this.px(d, d.xMin, yv);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(formatCompact(xv), xp, this.plot.y + this.plot.h + 5);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(formatCompact(yv), this.plot.x - 5, yp);
    }

    for (const m of s.minima) {
      const [x, y] = this.px(d, m.x, m.y);
      ctx.save();
      ctx.translate(x, y);
      ctx.rotate(Math.PI / 4);
      ctx.fillStyle = '#ffd43b';
      ctx.strokeStyle = '#5c4400';
      ctx.lineWidth = 1.2;
      ctx.fillRect(-4.5, -4.5, 9, 9);
      ctx.strokeRect(-4.5, -4.5, 9, 9);
      ctx.restore();
    }
    return bg;
  }

  private draw(): void {
    const s = this.surface;
    const ctx = this.canvas.getContext('2d');
    if (!s || !ctx) return;
    this.background ??= this.renderBackground(s);
    const d = s.grid.domain;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.background, 0, 0);
    ctx.scale(this.dpr, this.dpr);
    ctx.save();
    ctx.beginPath();
    ctx.rect(this.plot.x, this.plot.y, this.plot.w, this.plot.h);
    ctx.clip();
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const { color, trajectory: t } of this.trails) {
      const last = Math.max(0, Math.min(this.step, t.length - 1));
      ctx.beginPath();
      for (let k = 0; k <= last; k++) {
        const [x, y] = this.px(d, t.x[k], t.y[k]);
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.8)';
      ctx.lineWidth = 4;
      ctx.stroke();
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    const [sx, sy] = this.px(d, this.start.x, this.start.y);
    ctx.beginPath();
    ctx.arc(sx, sy, 5, 0, Math.PI * 2);
    ctx.fillStyle = '#fff';
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#1f2430';
    ctx.stroke();
    for (const { color, trajectory: t } of this.trails) {
      const k = Math.max(0, Math.min(this.step, t.length - 1));
      const [x, y] = this.px(d, t.x[k], t.y[k]);
      ctx.beginPath();
      ctx.arc(x, y, 4.5, 0, Math.PI * 2);
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
    ctx.restore();
  }
}
