import type { NetloomApi } from '../../shared/api';
import { WebRoute } from '../../shared/api';
import type { TrainConfig } from '../../core/train/config';
import type { TrainEvent } from '../../core/train/events';
import { decodeTrainEvent } from '../../shared/wire';

type Listener = (event: TrainEvent) => void;

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
