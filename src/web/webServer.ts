// The browser build's stand-in for Electron main: serves the built renderer and offers the
// NetloomApi over HTTP — POST to start/stop, Server-Sent Events for the train events —
// with the training worker forked as a child process. Listens on 127.0.0.1 only.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TrainEvent } from '../core/train/events';
import type { TrainConfig } from '../core/train/config';
import { WebRoute } from '../shared/api';
import { CONTENT_SECURITY_POLICY_HEADER } from '../shared/csp';
import { encodeTrainEvent } from '../shared/wire';
import { TrainerHost } from '../trainer/host';
import { forkWorker } from './forkProcess';
import { projectRoutes } from './projectRoutes';
import { contentTypeFor, resolveStaticPath } from './staticFiles';

export interface WebServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Folder with the built renderer (index.html and assets). */
  rendererDir: string;
  /** The training worker module to fork. */
  workerPath: string;
  /** Node flags for the worker (tests: ['--import', 'tsx'] for a .ts worker). */
  execArgv?: string[];
  /** Holds the projects folder and the recovery file (default ~/.netloom). */
  dataDir?: string;
  /** The example projects (default: examples/ of the repository). */
  examplesDir?: string;
}

export interface WebServer {
  url: string;
  host: TrainerHost;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;
const MAX_BACKLOG = 2000;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseTrainConfig(text: string): TrainConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `Bad JSON in request body: ${(err as Error).message}`);
  }
  const v = value as Partial<TrainConfig> | null;
  if (!v || typeof v !== 'object' || Array.isArray(v) || typeof v.document !== 'object' || typeof v.dataset !== 'object' || typeof v.optimizer !== 'object') {
    throw new HttpError(400, 'Expected a TrainConfig object with document, dataset and optimizer');
  }
  return v as TrainConfig;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = new TrainerHost(forkWorker(options.workerPath, { execArgv: options.execArgv }));
  const streams = new Set<ServerResponse>();
  let origin = '';
  const files = projectRoutes({
    dataDir: options.dataDir ?? join(homedir(), '.netloom'),
    examplesDir: options.examplesDir ?? join(__dirname, '../../examples'),
    headers: SECURITY_HEADERS,
    fail: (status, message) => {
      throw new HttpError(status, message);
    },
  });

  // The latest run's events, numbered: a stream that connects late (the page opened its
  // EventSource together with its first start) or reconnects (Last-Event-ID) catches up.
  let nextEventId = 1;
  let backlogRunId: number | null = null;
  let backlog: { id: number; frame: string }[] = [];

  host.onEvent((event: TrainEvent) => {
    if (event.runId !== backlogRunId) {
      backlogRunId = event.runId;
      backlog = [];
    }
    const id = nextEventId++;
    const frame = `id: ${id}\ndata: ${encodeTrainEvent(event)}\n\n`;
    backlog.push({ id, frame });
    if (backlog.length > MAX_BACKLOG) backlog.splice(0, backlog.length - MAX_BACKLOG);
    for (const res of streams) res.write(frame);
  });

  // Only our own page may drive training: a Host check stops DNS rebinding, an Origin check
  // stops other sites' pages from posting (and start's JSON content type needs a CORS
  // preflight, which is never answered).
  function checkCaller(req: IncomingMessage, isPost: boolean): void {
    const port = origin.slice(origin.lastIndexOf(':') + 1);
    const hostHeader = req.headers.host ?? '';
    if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}`) throw new HttpError(403, 'Unexpected Host header');
    if (!isPost) return;
    const from = req.headers.origin;
    if (from !== undefined && from !== `http://${hostHeader}`) throw new HttpError(403, 'Cross-origin requests are not allowed');
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const lastId = Number(req.headers['last-event-id'] ?? 0) || 0;
    for (const { id, frame } of backlog) if (id > lastId) res.write(frame);
    streams.add(res);
    res.on('error', () => streams.delete(res)); // a vanished client must not take the server down
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      streams.delete(res);
    });
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Method not allowed');
    const file = resolveStaticPath(options.rendererDir, pathname);
    if (!file) throw new HttpError(403, 'Forbidden path');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new HttpError(404, 'Not found');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file), 'Content-Length': info.size, 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = (req.url ?? '/').split('?')[0];
    if (files.matches(pathname)) {
      checkCaller(req, req.method !== 'GET');
      return files.handle(req, res, pathname);
    }
    const route = Object.values(WebRoute).find((r) => r === pathname);
    if (!route) return serveStatic(req, res, pathname);
    const isPost = route !== WebRoute.events;
    if (req.method !== (isPost ? 'POST' : 'GET')) throw new HttpError(405, `${pathname} expects ${isPost ? 'POST' : 'GET'}`);
    checkCaller(req, isPost);
    if (route === WebRoute.events) return openEventStream(req, res);
    if (route === WebRoute.startTraining) {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'Content-Type must be application/json');
      const config = parseTrainConfig(await readBody(req));
      return sendJson(res, 200, host.start(config));
    }
    await readBody(req);
    host.stop();
    res.writeHead(204, SECURITY_HEADERS);
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (res.headersSent) res.destroy();
      else sendJson(res, status, { error: message });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/`,
    host,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        host.dispose();
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
