// The canvas wrapper element, so the palette can add a node at the visible centre.
let element: HTMLElement | null = null;

export function setCanvasElement(el: HTMLElement | null): void {
  element = el;
}

/** The wrapper element itself (null before the canvas mounted). */
export function canvasElement(): HTMLElement | null {
  return element;
}

export function canvasCentre(): { x: number; y: number } | null {
  if (!element) return null;
  const r = element.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

/** The MIME type palette items put on the HTML5 drag. */
export const LAYER_DRAG_TYPE = 'application/x-netloom-layer';
