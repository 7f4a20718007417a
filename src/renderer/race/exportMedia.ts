// PNG and WebM export of the 3-D view, saved through the browser's download (Electron shows a save dialog).

export function download(url: string, filename: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function videoSupported(): boolean {
  return typeof MediaRecorder !== 'undefined' && typeof HTMLCanvasElement.prototype.captureStream === 'function';
}

function videoType(): string {
  const types = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];
  return types.find((t) => MediaRecorder.isTypeSupported(t)) ?? 'video/webm';
}

/**
 * Records the canvas while `run` plays the race; resolves with the WebM blob once `run`'s promise settles.
 * captureStream only picks up frames the canvas actually paints and the scene renders on demand,
 * so `redraw` repaints every animation frame while recording, and a short race is held on its
 * last frame for at least `minMs` — otherwise a fast race can end before the recorder has a frame.
 */
export async function recordCanvas(
  canvas: HTMLCanvasElement,
  run: () => Promise<void>,
  { redraw, minMs = 1500 }: { redraw?: () => void; minMs?: number } = {},
): Promise<Blob> {
  const stream = canvas.captureStream(30);
  const recorder = new MediaRecorder(stream, { mimeType: videoType(), videoBitsPerSecond: 6_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
  let painting = true;
  const paint = (): void => {
    if (!painting) return;
    redraw?.();
    requestAnimationFrame(paint);
  };
  const started = performance.now();
  recorder.start(250);
  requestAnimationFrame(paint);
  try {
    await run();
    const left = minMs - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  } finally {
    painting = false;
    recorder.requestData();
    recorder.stop();
  }
  await stopped;
  stream.getTracks().forEach((t) => t.stop()); // only now: stopping the track first drops the last data
  return new Blob(chunks, { type: 'video/webm' });
}
