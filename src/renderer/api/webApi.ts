import type { ExportOutcome, NetloomApi, OpenedProject, ProjectEntry, SavedProject } from '../../shared/api';
import { FileRoute, WebRoute } from '../../shared/api';
import type { TrainConfig } from '../../core/train/config';
import type { TrainEvent } from '../../core/train/events';
import { decodeTrainEvent } from '../../shared/wire';
import { ExportError, type ExportFormat } from '../../core/export';
import { readProject } from '../../core/project';
import { exportProject } from '../../export';
import { downloadFile } from '../files/download';

type Listener = (event: TrainEvent) => void;

async function failure(response: Response): Promise<Error> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') return new Error(parsed.error);
  } catch {
    // not JSON
  }
  return new Error(text || `HTTP ${response.status}`);
}

async function getBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw await failure(response);
  return new Uint8Array(await response.arrayBuffer());
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

async function postBytes(url: string, bytes: Uint8Array): Promise<Response> {
  const body = new Uint8Array(bytes).buffer; // a fresh ArrayBuffer (bytes may be a view)
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
  if (!response.ok) throw await failure(response);
  return response;
}

const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

async function post(route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(route, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '{}' : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text || `HTTP ${response.status}`;
    try {
      const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
      if (typeof parsed.error === 'string') message = parsed.error;
      else if (typeof parsed.message === 'string') message = parsed.message;
    } catch {
      // not JSON: keep the text
    }
    throw new Error(message);
  }
  return text ? JSON.parse(text) : null;
}

/**
 * The browser build's NetloomApi: HTTP POST for commands, one shared Server-Sent Events
 * stream for train events (typed arrays travel as base64 via src/shared/wire.ts).
 */
export function createWebApi(baseUrl = ''): NetloomApi {
  const listeners = new Set<Listener>();
  let source: EventSource | null = null;

  function open(): void {
    if (source) return;
    source = new EventSource(baseUrl + WebRoute.events);
    source.onmessage = (message: MessageEvent<string>) => {
      let event: TrainEvent;
      try {
        event = decodeTrainEvent(message.data);
      } catch {
        return; // keep-alive comments or foreign data: not ours
      }
      for (const listener of [...listeners]) listener(event);
    };
  }

  return {
    platform: 'web',
    async startTraining(config: TrainConfig) {
      open();
      const result = (await post(baseUrl + WebRoute.startTraining, config)) as { runId?: unknown } | null;
      if (!result || typeof result.runId !== 'number') throw new Error('The server did not return a run id.');
      return { runId: result.runId };
    },
    async stopTraining() {
      await post(baseUrl + WebRoute.stopTraining);
    },
    setLanguage() {
      // The browser has no native menu to translate.
    },
    async openProject(ref?: string): Promise<OpenedProject | null> {
      if (ref === undefined) return null; // no native dialog: the page lists the projects folder itself
      return { bytes: await getBytes(baseUrl + FileRoute.project + q({ name: ref })), name: ref, ref };
    },
    async saveProject(bytes: Uint8Array, ref: string): Promise<SavedProject> {
      return (await postBytes(baseUrl + FileRoute.project + q({ name: ref }), bytes)).json() as Promise<SavedProject>;
    },
    async saveProjectAs(bytes: Uint8Array, name: string): Promise<SavedProject | null> {
      return (await postBytes(baseUrl + FileRoute.project + q({ name }), bytes)).json() as Promise<SavedProject>;
    },
    // The exporters are browser-safe: export in the page, download the files (no server round trip).
    async exportProject(bytes: Uint8Array, name: string, format: ExportFormat): Promise<ExportOutcome> {
      const r = readProject(bytes);
      if (!r.ok) throw new Error(r.errors.map((e) => `${e.path || '(file)'} ${e.message}`).join('; '));
      let result;
      try {
        result = exportProject(r.project, format, { name });
      } catch (err) {
        if (err instanceof ExportError) return { status: 'refused', message: err.message, ...(err.nodeId ? { nodeId: err.nodeId } : {}) };
        throw err;
      }
      for (const f of result.files) downloadFile(f.name, f.data);
      return { status: 'written', files: result.files.map((f) => f.name), notes: result.notes };
    },
    listRecent: () => getJson<ProjectEntry[]>(baseUrl + FileRoute.projects),
    listExamples: () => getJson<ProjectEntry[]>(baseUrl + FileRoute.examples),
    async openExample(ref: string): Promise<OpenedProject> {
      return { bytes: await getBytes(baseUrl + FileRoute.example + q({ name: ref })), name: ref, ref: null };
    },
    async saveRecovery(bytes, info) {
      await postBytes(baseUrl + FileRoute.recovery + q({ name: info.name, ref: info.ref ?? '' }), bytes);
    },
    async loadRecovery() {
      const response = await fetch(baseUrl + FileRoute.recovery);
      if (response.status === 204) return null;
      if (!response.ok) throw await failure(response);
      const header = (h: string) => decodeURIComponent(response.headers.get(h) ?? '');
      return {
        bytes: new Uint8Array(await response.arrayBuffer()),
        name: header('X-Netloom-Name') || 'Untitled',
        ref: header('X-Netloom-Ref') || null,
        savedAt: Number(response.headers.get('X-Netloom-Saved-At')) || 0,
      };
    },
    async clearRecovery() {
      await postBytes(baseUrl + FileRoute.clearRecovery, new Uint8Array(0));
    },
    setDocumentState() {
      // The page sets document.title itself; the browser has no close dialog to arm.
    },
    onFileCommand() {
      return () => {}; // no native menu
    },
    onTrainEvent(listener: Listener) {
      listeners.add(listener);
      open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}
