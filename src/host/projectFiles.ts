// Node-side project files, shared by Electron main, the browser build's server and the CLI:
// atomic saves, the recovery file, the recent list and a projects folder. Bytes in, bytes out:
// what is inside a .netloom file is core's business (src/core/project).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ProjectEntry } from '../shared/api';

export const PROJECT_EXTENSION = '.netloom';

/**
 * Writes `bytes` to `path` so that a crash leaves either the old file or the new one, never half
 * of one: write a temporary file next to it, fsync it, rename it over the target, fsync the folder.
 */
export async function atomicWriteFile(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  // Make the rename itself durable (not supported for folders on Windows: best effort).
  const folder = await open(dir, 'r').catch(() => null);
  if (folder) await folder.sync().catch(() => undefined).finally(() => folder.close());
}

export interface RecoveryInfo {
  /** Project name shown in the restore prompt. */
  name: string;
  /** Where the project was saved last (path or projects-folder name), null if never saved. */
  ref: string | null;
  /** ms since epoch */
  savedAt: number;
}

/**
 * The recovery file: the open project autosaved while it has unsaved changes. Cleared on a
 * normal save or close, so one still present at start-up means the app did not end cleanly.
 */
export class RecoveryStore {
  constructor(readonly dir: string) {}

  private get file(): string {
    return join(this.dir, `recovery${PROJECT_EXTENSION}`);
  }

  private get infoFile(): string {
    return join(this.dir, 'recovery.json');
  }

  async save(bytes: Uint8Array, info: Omit<RecoveryInfo, 'savedAt'>, now = Date.now()): Promise<void> {
    await atomicWriteFile(this.file, bytes);
    await atomicWriteFile(this.infoFile, new TextEncoder().encode(JSON.stringify({ name: info.name, ref: info.ref, savedAt: now })));
  }

  async load(): Promise<{ bytes: Uint8Array; info: RecoveryInfo } | null> {
    const bytes = await readFile(this.file).catch(() => null);
    if (!bytes) return null;
    let info: RecoveryInfo = { name: 'Untitled', ref: null, savedAt: 0 };
    try {
      const raw = JSON.parse(await readFile(this.infoFile, 'utf8')) as Partial<RecoveryInfo>;
      info = {
        name: typeof raw.name === 'string' ? raw.name : info.name,
        ref: typeof raw.ref === 'string' ? raw.ref : null,
        savedAt: typeof raw.savedAt === 'number' ? raw.savedAt : (await stat(this.file)).mtimeMs,
      };
    } catch {
      info.savedAt = (await stat(this.file).catch(() => null))?.mtimeMs ?? 0;
    }
    return { bytes: new Uint8Array(bytes), info };
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
    await rm(this.infoFile, { force: true });
  }
}

/**
 * Most recently opened or saved files first, at most `max`, kept in a small JSON file. Written
 * atomically (a crash never leaves half a list), and additions run one after another, so two saves
 * at once both end up in it.
 */
export class RecentList {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string, readonly max = 10) {}

  async list(): Promise<string[]> {
    try {
      const v: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string').slice(0, this.max) : [];
    } catch {
      return [];
    }
  }

  add(path: string): Promise<string[]> {
    const run = this.queue.then(async () => {
      const next = [path, ...(await this.list()).filter((p) => p !== path)].slice(0, this.max);
      await atomicWriteFile(this.file, new TextEncoder().encode(JSON.stringify(next, null, 2)));
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}


/**
 * A project name that is safe as a file name in the projects folder (no separators, no dot
 * files, no control characters); the extension is added if missing. Null when not acceptable.
 */
export function projectFileName(name: string): string | null {
  const trimmed = name.trim().replace(/\.netloom$/i, '');
  if (!trimmed || trimmed.length > 120 || trimmed.startsWith('.')) return null;
  if (/[/\\:*?"<>|\u0000-\u001f\u007f]/.test(trimmed)) return null;
  return `${trimmed}${PROJECT_EXTENSION}`;
}

/** A folder of projects (the browser build's stand-in for the file system). */
export class ProjectsFolder {
  constructor(readonly dir: string) {}

  private pathOf(name: string): string {
    const file = projectFileName(name);
    if (!file) throw new Error(`Not a valid project name: ${JSON.stringify(name)}`);
    return join(this.dir, file);
  }

  async list(): Promise<ProjectEntry[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const entries = await Promise.all(
      names
        .filter((n) => n.endsWith(PROJECT_EXTENSION) && !n.startsWith('.'))
        .map(async (n) => {
          const info = await stat(join(this.dir, n)).catch(() => null);
          const name = n.slice(0, -PROJECT_EXTENSION.length);
          return info?.isFile() ? { name, ref: name, modifiedAt: info.mtimeMs, size: info.size } : null;
        }),
    );
    return entries.filter((e): e is ProjectEntry => e !== null).sort((a, b) => b.modifiedAt - a.modifiedAt);
  }

  async read(name: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.pathOf(name)));
  }

  /** Saves atomically; returns the stored name. */
  async write(name: string, bytes: Uint8Array): Promise<string> {
    const path = this.pathOf(name);
    await atomicWriteFile(path, bytes);
    return basename(path, PROJECT_EXTENSION);
  }
}

/** Example projects shipped in examples/ (read-only). */
export async function listExamples(dir: string): Promise<ProjectEntry[]> {
  return new ProjectsFolder(dir).list().then((l) => l.sort((a, b) => a.name.localeCompare(b.name)));
}
