// The one API the renderer talks to. Desktop: preload exposes it as `window.netloom`
// over Electron IPC. Browser build: src/renderer/api/webApi.ts implements it over HTTP
// and Server-Sent Events against src/web/server.ts. The renderer never knows which.
import type { ExportFormat } from '../core/export/plan';
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

  // ---- project files (.netloom bytes: core/project reads and writes them; hosts only store them)
  /** Desktop: the native Open dialog (no ref) or a recent file's path. Browser build: a projects-folder name. Null when cancelled. */
  openProject(ref?: string): Promise<OpenedProject | null>;
  /** Overwrites the project at `ref` (where it was opened or last saved), atomically. */
  saveProject(bytes: Uint8Array, ref: string): Promise<SavedProject>;
  /** Desktop: the native Save dialog, starting at `name`. Browser build: stores under `name` in the projects folder. Null when cancelled. */
  saveProjectAs(bytes: Uint8Array, name: string): Promise<SavedProject | null>;
  /** Desktop: recently opened or saved files. Browser build: the projects folder, newest first. */
  listRecent(): Promise<ProjectEntry[]>;
  /**
   * File › Export: the project (.netloom bytes, the ones Save writes) as ONNX, or a Python file plus
   * .safetensors weights. Desktop: main exports, asks where (native Save dialog) and writes the
   * files atomically. Browser build: exported in the page and downloaded. `name` names the files.
   */
  exportProject(bytes: Uint8Array, name: string, format: ExportFormat): Promise<ExportOutcome>;
  /** The example projects shipped in examples/. */
  listExamples(): Promise<ProjectEntry[]>;
  openExample(ref: string): Promise<OpenedProject>;
  /** Autosave of unsaved work (every few seconds while dirty); cleared by a save or a deliberate discard. */
  saveRecovery(bytes: Uint8Array, info: { name: string; ref: string | null }): Promise<void>;
  /** What was autosaved and never saved or discarded: the app ended without a clean close. */
  loadRecovery(): Promise<RecoveredProject | null>;
  clearRecovery(): Promise<void>;
  /** Window title and unsaved-changes state (desktop: title, macOS edited dot, confirm on close). */
  setDocumentState(state: { title: string; dirty: boolean }): void;
  /** File commands from the native menu (desktop only); returns the unsubscribe function. */
  onFileCommand(listener: (command: FileCommand) => void): () => void;
}

/** A project file as stored somewhere: `ref` is what openProject / saveProject take. */
export interface ProjectEntry {
  /** The file name without the .netloom extension. */
  name: string;
  ref: string;
  modifiedAt: number;
  size: number;
}

export interface OpenedProject {
  bytes: Uint8Array;
  name: string;
  /** Where to save it back; null for an example (read-only: Save asks where). */
  ref: string | null;
}

export interface SavedProject {
  name: string;
  ref: string;
}

export interface RecoveredProject {
  bytes: Uint8Array;
  name: string;
  ref: string | null;
  /** ms since epoch */
  savedAt: number;
}

/** What an export did. 'refused': a layer the format cannot express (or an invalid network); nothing written. */
export type ExportOutcome =
  | { status: 'written'; files: string[]; notes: string[] }
  | { status: 'cancelled' }
  | { status: 'refused'; message: string; nodeId?: string };

export type FileCommand =
  | { type: 'new' }
  | { type: 'open' }
  | { type: 'save' }
  | { type: 'saveAs' }
  | { type: 'openRecent'; ref: string }
  | { type: 'openExample'; ref: string }
  | { type: 'export'; format: ExportFormat };

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
  openProject: 'netloom:file:open',
  saveProject: 'netloom:file:save',
  saveProjectAs: 'netloom:file:saveAs',
  listRecent: 'netloom:file:recent',
  listExamples: 'netloom:file:examples',
  openExample: 'netloom:file:openExample',
  saveRecovery: 'netloom:file:recovery:save',
  loadRecovery: 'netloom:file:recovery:load',
  clearRecovery: 'netloom:file:recovery:clear',
  exportProject: 'netloom:file:export',
  setDocumentState: 'netloom:file:state',
  fileCommand: 'netloom:file:command',
} as const;

/** HTTP routes of the browser build's server. */
export const WebRoute = {
  startTraining: '/api/train/start',
  stopTraining: '/api/train/stop',
  events: '/api/events',
} as const;

/**
 * The browser build's file routes (src/web/projectRoutes.ts). GET reads, POST writes (body: the
 * .netloom bytes as application/octet-stream); names travel as the `name` query parameter.
 */
export const FileRoute = {
  projects: '/api/files/projects', // GET: ProjectEntry[]
  project: '/api/files/project', // GET ?name= : bytes; POST ?name= : SavedProject
  examples: '/api/files/examples', // GET: ProjectEntry[]
  example: '/api/files/example', // GET ?name= : bytes
  recovery: '/api/files/recovery', // GET: bytes (204 when none; name/ref/savedAt in X-Netloom-* headers); POST ?name=&ref=
  clearRecovery: '/api/files/recovery/clear', // POST
} as const;
