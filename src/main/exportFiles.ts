// File › Export on the desktop: the project's .netloom bytes from the renderer (the ones Save
// sends), the shared exporter (src/export: the same files `netloom export` writes), a native Save
// dialog, and atomic writes. A refused export (a layer the format cannot express) writes nothing.
import { basename, dirname, join } from 'node:path';
import { readProject } from '../core/project';
import { ExportError, EXPORT_FORMATS, type ExportFormat, type ExportResult } from '../core/export';
import { defaultExportFileName, exportExtension, exportProject } from '../export';
import type { ExportOutcome } from '../shared/api';
import { withExtension } from './fileNames';

/** Where the files go: the Electron glue (dialog, host/projectFiles' atomicWriteFile), or a test's fakes. */
export interface ExportTarget {
  /** Asks where to write the main file, starting at defaultName; null when cancelled. */
  choosePath(defaultName: string, format: ExportFormat): Promise<string | null>;
  write(path: string, bytes: Uint8Array): Promise<void>;
}

/** The exportProject IPC message: its arguments as they arrive (checked here), what happened. */
export async function exportToDisk(bytes: unknown, name: unknown, format: unknown, target: ExportTarget): Promise<ExportOutcome> {
  if (!(bytes instanceof Uint8Array)) throw new Error('exportProject: expected the project bytes');
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new Error(`exportProject: unknown format ${JSON.stringify(format)}`);
  const to = format as ExportFormat;
  const r = readProject(bytes);
  if (!r.ok) throw new Error(`exportProject: the project could not be read: ${r.errors.map((e) => `${e.path || '(file)'} ${e.message}`).join('; ')}`);
  const projectName = typeof name === 'string' && name ? name : 'Untitled';
  const defaultName = defaultExportFileName(projectName, to);
  const run = (fileName: string): ExportResult => exportProject(r.project, to, { name: projectName, fileName });

  // Export before asking where, so a refusal comes before any dialog.
  let result: ExportResult;
  try {
    result = run(defaultName);
  } catch (err) {
    if (err instanceof ExportError) return { status: 'refused', message: err.message, ...(err.nodeId ? { nodeId: err.nodeId } : {}) };
    throw err;
  }
  const chosen = await target.choosePath(defaultName, to);
  if (!chosen) return { status: 'cancelled' };
  const path = withExtension(chosen, exportExtension(to));
  // The Python file names its weights file: another name means another export.
  if (basename(path) !== defaultName) result = run(basename(path));
  // As the CLI: the main file where the user chose, the weights beside it.
  const paths = result.files.map((f, i) => (i === 0 ? path : join(dirname(path), f.name)));
  for (const [i, f] of result.files.entries()) await target.write(paths[i], f.data);
  return { status: 'written', files: paths, notes: result.notes };
}
