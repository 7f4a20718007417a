// File commands: New, Open, Save, Save As, Examples, Export, download/upload, the recovery autosave and
// the restore prompt. Bytes come and go through the NetloomApi; core/project reads and writes them.
// A file that cannot be read never replaces the open document: the user sees why instead.
import { readProject, starterDocument, writeProject, type Project, type ProjectIssue } from '../../core';
import type { FileCommand } from '../../shared/api';
import { FORMAT_LABELS, type ExportFormat } from '../../core/export';
import { getApi } from '../api';
import { useRaceStore } from '../race/raceStore';
import { documentStore } from '../store/documentStore';
import { fileStore, type FileNotice } from '../store/fileStore';
import { idleRun } from '../store/trainingReducer';
import { defaultTrainSettings, trainingStore } from '../store/trainingStore';
import { stopTraining } from '../training/trainingController';
import { currentCanvasView, requestCanvasView } from '../canvas/canvasView';
import { downloadFile } from './download';
import { projectFromState, stateFromProject } from './projectState';

/** Autosave to the recovery file this often while there are unsaved changes. */
export const AUTOSAVE_MS = 3000;

/** Asks before unsaved changes are dropped (set by the UI to a translated confirm). */
let confirmDiscard: () => boolean = () => true;
/** Set while the stores are being filled from a file: those changes are not edits. */
let applying = false;
/**
 * Whether Save writes the race store into views.race. False after opening a file whose race could
 * not be restored (e.g. from a newer version): its section is kept as it was until the user races.
 */
let raceOwned = true;
/** Whether Save writes the canvas's pan and zoom into views.canvas (not over a newer app's slot). */
let canvasOwned = true;

function notify(notice: FileNotice | null): void {
  fileStore.setState({ notice });
}

function fail(key: string, error: unknown, params: Record<string, string | number> = {}): void {
  notify({ key, params: { ...params, message: error instanceof Error ? error.message : String(error) }, tone: 'error' });
}

export function currentProject(): Project {
  const { base, name } = fileStore.getState();
  const t = trainingStore.getState();
  return projectFromState(base, name || 'Untitled', {
    doc: documentStore.getState().doc,
    settings: t.settings,
    run: { status: t.status, history: t.history, params: t.params, runConfig: t.runConfig, optimizerState: t.optimizerState },
    ...(raceOwned ? { race: useRaceStore.getState().settings } : {}),
    ...(canvasOwned ? { canvas: currentCanvasView() ?? undefined } : {}),
  });
}

/** Fills the stores from an opened project; returns the problems with its view state (warnings). */
function applyProject(project: Project, name: string, ref: string | null, dirty = false): ProjectIssue[] {
  const opened = stateFromProject(project);
  const t = trainingStore.getState();
  if (t.status === 'running') void stopTraining();
  applying = true;
  try {
    // Late events of the run that was going must not land on the opened project.
    const stale = t.runId === null ? t.staleRunIds : [...t.staleRunIds, t.runId];
    trainingStore.setState({
      ...idleRun,
      staleRunIds: stale.slice(-16),
      settings: opened.settings,
      runConfig: opened.run?.runConfig ?? null,
      ...(opened.run ? { status: opened.run.status, history: opened.run.history, params: opened.run.params, optimizerState: opened.run.optimizerState } : {}),
    });
    // A project without a race leaves the race as it is (Save then adds it); a bad one is kept in the file.
    if (opened.race) useRaceStore.getState().load(opened.race);
    raceOwned = opened.warnings.length === 0 || opened.race !== null;
    documentStore.getState().replaceDocument(opened.doc, { dirty });
    canvasOwned = opened.canvasOwned;
    requestCanvasView(opened.canvas); // the saved pan and zoom, or the whole network
    fileStore.setState({ name, ref, base: project, dialog: null });
  } finally {
    applying = false;
  }
  return opened.warnings;
}

/** Opens a file's bytes; on a bad file the open project stays and the problems are shown. */
export function openBytes(bytes: Uint8Array, name: string, ref: string | null, options: { dirty?: boolean } = {}): boolean {
  const r = readProject(bytes);
  if (!r.ok) {
    notify({ key: 'files.openFailed', params: { name }, tone: 'error', errors: r.errors });
    return false;
  }
  const warnings = [...r.warnings, ...applyProject(r.project, r.project.name ?? name, ref, options.dirty)];
  notify({ key: warnings.length ? 'files.openedWithNotes' : 'files.opened', params: { name: r.project.name ?? name }, tone: 'info', ...(warnings.length ? { errors: warnings } : {}) });
  return true;
}

export function newProject(): void {
  if (documentStore.getState().dirty && !confirmDiscard()) return;
  applying = true;
  try {
    const t = trainingStore.getState();
    if (t.status === 'running') void stopTraining();
    const stale = t.runId === null ? t.staleRunIds : [...t.staleRunIds, t.runId];
    trainingStore.setState({ ...idleRun, staleRunIds: stale.slice(-16), settings: defaultTrainSettings, runConfig: null });
    documentStore.getState().replaceDocument(starterDocument());
    fileStore.setState({ name: '', ref: null, base: null, dialog: null, notice: null });
    raceOwned = true;
    canvasOwned = true;
    requestCanvasView(null);
  } finally {
    applying = false;
  }
  void getApi().clearRecovery().catch(() => undefined);
}

/** Desktop: the native Open dialog. Browser build: the list of saved projects. */
export async function openDialog(): Promise<void> {
  if (documentStore.getState().dirty && !confirmDiscard()) return;
  const api = getApi();
  try {
    if (api.platform === 'web') {
      fileStore.setState({ dialog: { kind: 'open', entries: await api.listRecent() } });
      return;
    }
    const opened = await api.openProject();
    if (opened) openBytes(opened.bytes, opened.name, opened.ref);
  } catch (error) {
    fail('files.openError', error);
  }
}

export async function openRef(ref: string, { confirm = true } = {}): Promise<void> {
  if (confirm && documentStore.getState().dirty && !confirmDiscard()) return;
  try {
    const opened = await getApi().openProject(ref);
    if (opened) openBytes(opened.bytes, opened.name, opened.ref);
  } catch (error) {
    fail('files.openError', error);
  }
}

export async function examplesDialog(): Promise<void> {
  try {
    fileStore.setState({ dialog: { kind: 'examples', entries: await getApi().listExamples() } });
  } catch (error) {
    fail('files.openError', error);
  }
}

export async function openExample(ref: string, { confirm = true } = {}): Promise<void> {
  if (confirm && documentStore.getState().dirty && !confirmDiscard()) return;
  try {
    const opened = await getApi().openExample(ref);
    openBytes(opened.bytes, opened.name, null);
  } catch (error) {
    fail('files.openError', error);
  }
}

function saved(project: Project, name: string, ref: string): void {
  fileStore.setState({ name, ref, base: { ...project, name }, dialog: null });
  documentStore.getState().markSaved();
  notify({ key: 'files.saved', params: { name }, tone: 'info' });
  void getApi().clearRecovery().catch(() => undefined);
}

export async function save(): Promise<void> {
  const { ref } = fileStore.getState();
  if (!ref) return saveAs();
  const project = currentProject();
  try {
    const result = await getApi().saveProject(writeProject(project), ref);
    saved(project, result.name, result.ref);
  } catch (error) {
    fail('files.saveFailed', error);
  }
}

/** Desktop: the native Save dialog. Browser build: asks for a name first (see saveAsNamed). */
export async function saveAs(): Promise<void> {
  const api = getApi();
  if (api.platform === 'web') {
    fileStore.setState({ dialog: { kind: 'saveAs' } });
    return;
  }
  await saveAsNamed(fileStore.getState().name || 'Untitled');
}

export async function saveAsNamed(name: string): Promise<void> {
  const project = currentProject();
  project.name = name;
  try {
    const result = await getApi().saveProjectAs(writeProject(project), name);
    if (result) saved(project, result.name, result.ref);
  } catch (error) {
    fail('files.saveFailed', error);
  }
}

/** The browser build: the project as a file download. */
export function download(): void {
  const { name } = fileStore.getState();
  downloadFile(`${name || 'Untitled'}.netloom`, writeProject(currentProject()), 'application/zip');
}

/**
 * File › Export: the project as Save writes it, exported by the host (desktop: main, with a Save
 * dialog; browser build: in the page, as downloads). A layer the format cannot express is refused
 * naming it, shown like other file errors.
 */
export async function exportAs(format: ExportFormat): Promise<void> {
  const name = fileStore.getState().name || 'Untitled';
  const params = { format: FORMAT_LABELS[format] };
  try {
    const outcome = await getApi().exportProject(writeProject(currentProject()), name, format);
    if (outcome.status === 'refused') notify({ key: 'files.exportFailed', params: { ...params, message: outcome.message }, tone: 'error' });
    else if (outcome.status === 'written') {
      const files = outcome.files.map((f) => f.split(/[/\\]/).pop()).join(', ');
      notify({ key: outcome.notes.length ? 'files.exportedWithNotes' : 'files.exported', params: { ...params, files, notes: outcome.notes.join(' ') }, tone: 'info' });
    }
  } catch (error) {
    fail('files.exportFailed', error, params);
  }
}

/** The browser build: a .netloom chosen from the user's disk (not stored on the server until saved). */
export async function upload(file: File): Promise<void> {
  if (documentStore.getState().dirty && !confirmDiscard()) return;
  const name = file.name.replace(/\.netloom$/i, '');
  openBytes(new Uint8Array(await file.arrayBuffer()), name, null);
}

export async function restoreRecovery(): Promise<void> {
  const r = fileStore.getState().recovery;
  if (!r) return;
  fileStore.setState({ recovery: null });
  // Restored work is unsaved: it stays dirty, and the recovery file stays until a save.
  openBytes(r.bytes, r.name, r.ref, { dirty: true });
}

export async function discardRecovery(): Promise<void> {
  fileStore.setState({ recovery: null });
  await getApi().clearRecovery().catch(() => undefined);
}

export function closeDialog(): void {
  fileStore.setState({ dialog: null });
}

export function dismissNotice(): void {
  notify(null);
}

function runCommand(command: FileCommand): void {
  if (command.type === 'new') newProject();
  else if (command.type === 'open') void openDialog();
  else if (command.type === 'save') void save();
  else if (command.type === 'saveAs') void saveAs();
  else if (command.type === 'openRecent') void openRef(command.ref);
  else if (command.type === 'export') void exportAs(command.format);
  else void openExample(command.ref);
}

/** Ctrl/Cmd+S (Shift: Save As), Ctrl/Cmd+O, Ctrl/Cmd+N. The desktop menu's accelerators do this there. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): FileCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 's') return { type: e.shiftKey ? 'saveAs' : 'save' };
  if (key === 'o' && !e.shiftKey) return { type: 'open' };
  if (key === 'n' && !e.shiftKey) return { type: 'new' };
  return null;
}

/**
 * Starts file handling (once, at app start): dirty tracking of training changes, the recovery
 * autosave, the restore offer, shortcuts and menu commands. Returns the cleanup.
 */
export function startFiles(options: { confirmDiscard: () => boolean }): () => void {
  confirmDiscard = options.confirmDiscard;
  const api = getApi();
  const cleanups: (() => void)[] = [];

  // Training settings and results are part of the project: changing them is an unsaved change.
  cleanups.push(trainingStore.subscribe((s, prev) => {
    if (applying) return;
    if (s.settings !== prev.settings || s.history !== prev.history || s.params !== prev.params) documentStore.getState().markDirty();
  }));

  // The race (function, start, optimizers…) is saved with the project too.
  cleanups.push(useRaceStore.subscribe((s, prev) => {
    if (applying || s.settings === prev.settings) return;
    raceOwned = true;
    documentStore.getState().markDirty();
  }));

  // Autosave: every AUTOSAVE_MS while dirty and changed since the last autosave.
  let version = 0;
  let autosaved = 0;
  cleanups.push(documentStore.subscribe((s, prev) => {
    if (s.doc !== prev.doc || s.dirty !== prev.dirty) version++;
  }));
  cleanups.push(trainingStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings || s.history !== prev.history) version++;
  }));
  cleanups.push(useRaceStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings) version++;
  }));
  const timer = setInterval(() => {
    if (!documentStore.getState().dirty || version === autosaved) return;
    autosaved = version;
    const { name, ref } = fileStore.getState();
    void api.saveRecovery(writeProject(currentProject()), { name: name || 'Untitled', ref }).catch(() => undefined);
  }, AUTOSAVE_MS);
  cleanups.push(() => clearInterval(timer));

  // Work autosaved and never saved or discarded: the app did not end cleanly. Offer it back.
  void api.loadRecovery().then((r) => {
    if (r) fileStore.setState({ recovery: r });
  }, () => undefined);

  cleanups.push(api.onFileCommand(runCommand));
  if (api.platform === 'web') {
    const onKey = (e: KeyboardEvent) => {
      const command = shortcutFor(e);
      if (!command) return;
      e.preventDefault();
      runCommand(command);
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (documentStore.getState().dirty) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onBeforeUnload);
    cleanups.push(() => window.removeEventListener('keydown', onKey), () => window.removeEventListener('beforeunload', onBeforeUnload));
  }
  return () => cleanups.forEach((c) => c());
}
