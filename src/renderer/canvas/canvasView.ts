// The canvas's pan and zoom, saved with the project (views.canvas) and restored on open. Outside
// React, so Save and Open (files/fileController.ts) can read and request it; the Canvas reports
// every move's end here and carries out the requests.
import { createStore } from 'zustand/vanilla';

/** React Flow's zoom limits on the canvas (Canvas.tsx). */
export const MIN_ZOOM = 0.2;
export const MAX_ZOOM = 2;

/** views.canvas: where the canvas looked when the project was saved (React Flow's viewport). */
export interface CanvasView {
  version: 1;
  x: number;
  y: number;
  zoom: number;
}

/** A saved views.canvas, or null when it is missing or not one this version reads (the canvas then fits the network). */
export function parseCanvasView(raw: unknown): CanvasView | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { version, x, y, zoom } = raw as Record<string, unknown>;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (version !== 1 || !finite(x) || !finite(y) || !finite(zoom) || zoom < MIN_ZOOM || zoom > MAX_ZOOM) return null;
  return { version: 1, x, y, zoom };
}

/** Whether a saved views.canvas is a newer version's (Save then keeps it as it was rather than replace it). */
export function isNewerCanvasView(raw: unknown): boolean {
  const version = typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
  return typeof version === 'number' && version > 1;
}

interface CanvasViewState {
  /** The viewport after the last move (null before the canvas first reported one). */
  current: { x: number; y: number; zoom: number } | null;
  /** What the canvas should show next: a saved view, or null to fit the network; `seq` tells requests apart. */
  request: { seq: number; view: CanvasView | null };
}

export const canvasViewStore = createStore<CanvasViewState>(() => ({ current: null, request: { seq: 0, view: null } }));

/** Asks the canvas to show `view` (null: fit the whole network). */
export function requestCanvasView(view: CanvasView | null): void {
  canvasViewStore.setState((s) => ({ request: { seq: s.request.seq + 1, view } }));
}

/** The current viewport as a views.canvas slot (null before the canvas has one). */
export function currentCanvasView(): CanvasView | null {
  const c = canvasViewStore.getState().current;
  return c ? { version: 1, x: c.x, y: c.y, zoom: c.zoom } : null;
}
