// The browser build's server, in-process on a free port, with the real worker (.ts via tsx).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../src/core/train/events';
import { WebRoute } from '../../../src/shared/api';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../src/shared/csp';
import { decodeTrainEvent } from '../../../src/shared/wire';
import { startWebServer, type WebServer } from '../../../src/web/webServer';
import { xorConfig } from '../../process/trainConfigs';

let server: WebServer;
let rendererDir: string;
let port: number;
const indexHtml = '<!doctype html><title>Netloom test page</title>';

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'netloom-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), indexHtml);
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startWebServer({ port: 0, rendererDir, workerPath: resolve(__dirname, '../../../src/trainer/worker.ts'), execArgv: ['--import', 'tsx'] });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A raw request: unlike fetch, it sends the path exactly as written (`/../x` included). */
function raw(method: string, path: string, options: { body?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolveRes, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveRes({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'Content-Type': 'application/json' };

describe('web server: static files', () => {
  it('prints its URL on 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves index.html at / with the CSP header', async () => {
    const res = await raw('GET', '/');
    expect(res.status).toBe(200);
    expect(res.body).toBe(indexHtml);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their content type, 404 for missing files', async () => {
    const js = await raw('GET', '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await raw('GET', '/assets/nope.js')).status).toBe(404);
    expect((await raw('GET', '/assets')).status).toBe(404);
  });

  it('refuses path traversal', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/../../package.json', '/..%2fpackage.json']) {
      const res = await raw('GET', path);
      expect(res.status, path).toBe(403);
      expect(res.body).not.toContain('"name"');
    }
  });
});

describe('web server: API', () => {
  it('answers bad JSON with 400 and a clear message', async () => {
    const res = await raw('POST', WebRoute.startTraining, { body: '{"document": ', headers: json });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatch(/^Bad JSON in request body/);
    const notConfig = await raw('POST', WebRoute.startTraining, { body: '[1,2]', headers: json });
    expect(notConfig.status).toBe(400);
    expect(JSON.parse(notConfig.body).error).toMatch(/TrainConfig/);
  });

  it('refuses wrong methods, other content types, other origins and other hosts', async () => {
    expect((await raw('GET', WebRoute.startTraining)).status).toBe(405);
    expect((await raw('POST', WebRoute.events)).status).toBe(405);
    expect((await raw('POST', WebRoute.startTraining, { body: JSON.stringify(xorConfig()), headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    expect((await raw('POST', WebRoute.startTraining, { body: JSON.stringify(xorConfig()), headers: { ...json, Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await raw('POST', WebRoute.stopTraining, { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await raw('GET', WebRoute.events, { headers: { Host: 'evil.example' } })).status).toBe(403);
  });

  it('streams a training run as Server-Sent Events, started … done', async () => {
    const stream = openStream();
    await stream.connected;

    const res = await raw('POST', WebRoute.startTraining, { body: JSON.stringify(xorConfig({ epochs: 5 })), headers: { ...json, Origin: `http://127.0.0.1:${port}` } });
    expect(res.status).toBe(200);
    const { runId } = JSON.parse(res.body) as { runId: number };
    expect(runId).toBeGreaterThan(0);
    await stream.waitFor((e) => e.type === 'done' || e.type === 'error');
    stream.close();

    const events = stream.events.map((e) => e.event);
    expect(events.every((e) => e.runId === runId)).toBe(true);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types.at(-1)).toBe('done');
    expect(types.filter((t) => t === 'epoch')).toHaveLength(5);
    const snapshot = events.find((e) => e.type === 'snapshot');
    expect(snapshot?.type === 'snapshot' && snapshot.params.length > 0 && snapshot.params.every((p) => p instanceof Float32Array)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'completed', final: { epoch: 5 } });
    // ids increase by one: a reconnecting EventSource can say where it left off
    const ids = stream.events.map((e) => e.id);
    expect(ids).toEqual(ids.map((_, i) => ids[0] + i));

    // a stream that connects after the run catches up with the latest run's events …
    const late = openStream();
    await late.waitFor((e) => e.type === 'done');
    expect(late.events.map((e) => e.id)).toEqual(ids);
    late.close();
    // … and a reconnect gets only what it missed
    const resumed = openStream({ 'Last-Event-ID': String(ids.at(-3)) });
    await resumed.waitFor((e) => e.type === 'done');
    expect(resumed.events.map((e) => e.id)).toEqual(ids.slice(-2));
    resumed.close();

    const stop = await raw('POST', WebRoute.stopTraining);
    expect(stop.status).toBe(204);
  });
});

/** An SSE client: parses `id:` and `data:` lines into decoded train events. */
function openStream(headers: Record<string, string> = {}) {
  const events: { id: number; event: TrainEvent }[] = [];
  const waiters: { pred: (e: TrainEvent) => boolean; resolve: () => void }[] = [];
  let markConnected: () => void = () => {};
  const connected = new Promise<void>((r) => (markConnected = r));
  const req = request({ host: '127.0.0.1', port, path: WebRoute.events, headers }, (res) => {
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      markConnected();
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut).split('\n');
        buffer = buffer.slice(cut + 2);
        const id = frame.find((l) => l.startsWith('id: '));
        const data = frame.find((l) => l.startsWith('data: '));
        if (!data) continue; // a comment (connected / heartbeat)
        const event = decodeTrainEvent(data.slice('data: '.length));
        events.push({ id: Number(id?.slice('id: '.length)), event });
        for (const w of waiters) if (w.pred(event)) w.resolve();
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return {
    events,
    connected,
    waitFor(pred: (e: TrainEvent) => boolean, timeoutMs = 25_000): Promise<void> {
      if (events.some((e) => pred(e.event))) return Promise.resolve();
      return new Promise((resolveWait, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; got ${events.map((e) => e.event.type).join(',')}`)), timeoutMs);
        waiters.push({ pred, resolve: () => (clearTimeout(timer), resolveWait()) });
      });
    },
    close: () => req.destroy(),
  };
}
