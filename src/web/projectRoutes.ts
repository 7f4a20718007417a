// The browser build's file routes (FileRoute in shared/api.ts): a projects folder and a recovery
// file under the data dir, and the shipped examples. The file work is ../host/projectFiles.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { listExamples, ProjectsFolder, RecoveryStore } from '../host/projectFiles';
import { FileRoute } from '../shared/api';

export interface ProjectRoutesOptions {
  /** Holds projects/ and recovery/. */
  dataDir: string;
  examplesDir: string;
  headers: Record<string, string>;
  /** Throws an error with a `status` for a request that is not allowed. */
  fail(status: number, message: string): never;
}

/** .netloom files above this are refused (MNIST-sized weights are far below). */
export const MAX_PROJECT_BYTES = 200 * 1024 * 1024;

function readBytes(req: IncomingMessage, fail: ProjectRoutesOptions['fail']): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PROJECT_BYTES) {
        req.destroy();
        try {
          fail(413, `Project larger than ${MAX_PROJECT_BYTES} bytes`);
        } catch (err) {
          reject(err);
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function projectRoutes(o: ProjectRoutesOptions) {
  const projects = new ProjectsFolder(join(o.dataDir, 'projects'));
  const examples = new ProjectsFolder(o.examplesDir);
  const recovery = new RecoveryStore(join(o.dataDir, 'recovery'));

  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { ...o.headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const bytes = (res: ServerResponse, data: Uint8Array, extra: Record<string, string> = {}) => {
    res.writeHead(200, { ...o.headers, 'Content-Type': 'application/octet-stream', 'Content-Length': data.length, 'Cache-Control': 'no-store', ...extra });
    res.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  };
  const notFound = (err: unknown): never => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') o.fail(404, 'No such project');
    if (err instanceof Error && err.message.startsWith('Not a valid project name')) o.fail(400, err.message);
    throw err;
  };

  /** Whether `pathname` is one of ours (then it is answered). */
  function matches(pathname: string): boolean {
    return (Object.values(FileRoute) as string[]).includes(pathname);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const name = url.searchParams.get('name') ?? '';
    const isPost = req.method === 'POST';
    const writes = pathname === FileRoute.project || pathname === FileRoute.recovery || pathname === FileRoute.clearRecovery;
    if (req.method !== 'GET' && !(isPost && writes)) o.fail(405, `${req.method} is not allowed on ${pathname}`);
    if (pathname === FileRoute.clearRecovery && !isPost) o.fail(405, `${pathname} expects POST`);
    if (isPost && pathname !== FileRoute.clearRecovery && !/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) {
      o.fail(415, 'Content-Type must be application/octet-stream');
    }

    switch (pathname) {
      case FileRoute.projects:
        return json(res, await projects.list());
      case FileRoute.examples:
        return json(res, await listExamples(o.examplesDir));
      case FileRoute.example:
        return bytes(res, await examples.read(name).catch(notFound));
      case FileRoute.project:
        if (!isPost) return bytes(res, await projects.read(name).catch(notFound));
        {
          const stored = await projects.write(name, await readBytes(req, o.fail)).catch(notFound);
          return json(res, { name: stored, ref: stored });
        }
      case FileRoute.recovery: {
        if (isPost) {
          const ref = url.searchParams.get('ref');
          await recovery.save(await readBytes(req, o.fail), { name: name || 'Untitled', ref: ref || null });
          res.writeHead(204, o.headers);
          return void res.end();
        }
        const r = await recovery.load();
        if (!r) {
          res.writeHead(204, o.headers);
          return void res.end();
        }
        return bytes(res, r.bytes, {
          'X-Netloom-Name': encodeURIComponent(r.info.name),
          'X-Netloom-Ref': encodeURIComponent(r.info.ref ?? ''),
          'X-Netloom-Saved-At': String(r.info.savedAt),
        });
      }
      case FileRoute.clearRecovery:
        await readBytes(req, o.fail);
        await recovery.clear();
        res.writeHead(204, o.headers);
        return void res.end();
      default:
        o.fail(404, 'Not found');
    }
  }

  return { matches, handle };
}
