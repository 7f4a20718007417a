// The one API the renderer talks to. Desktop: preload exposes it as `window.netloom`
// over Electron IPC. Browser build: src/renderer/api/webApi.ts implements it over HTTP
// and Server-Sent Events against src/web/server.ts. The renderer never knows which.
import type { TrainConfig } from '../core/train/config';
import type { TrainEvent } from '../core/train/events';

export interface NetloomApi {
  readonly platform: 'desktop' | 'web';
  /** Starts a fresh run (stopping any current one). Resolves with the run id once the worker got it. */
  startTraining(config: TrainConfig): Promise<{ runId: number }>;
  /** Asks the current run to stop; resolves when the request is delivered. */
  stopTraining(): Promise<void>;
  /** Subscribes to training events; returns the unsubscribe function. */
  onTrainEvent(listener: (event: TrainEvent) => void): () => void;
  /** Tells the host the UI language, so native parts (the desktop menu) follow it. */
  setLanguage(language: 'en' | 'ko'): void;
}

/** Messages from a host (main / web server) to the training worker. */
export type WorkerRequest = { type: 'start'; runId: number; config: TrainConfig } | { type: 'stop' };

/** Messages from the training worker to its host: train events, and 'ready' once it listens
 *  (the host holds requests until then, since a forked child drops messages sent too early). */
export type WorkerMessage = TrainEvent | { type: 'ready' };

/** IPC channel names between preload and main: one per message. */
export const IpcChannel = {
  startTraining: 'netloom:train:start',
  stopTraining: 'netloom:train:stop',
  trainEvent: 'netloom:train:event',
  setLanguage: 'netloom:ui:language',
} as const;

/** HTTP routes of the browser build's server. */
export const WebRoute = {
  startTraining: '/api/train/start',
  stopTraining: '/api/train/stop',
  events: '/api/events',
} as const;
