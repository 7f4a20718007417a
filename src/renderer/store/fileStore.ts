import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Project, ProjectIssue } from '../../core';
import type { ProjectEntry, RecoveredProject } from '../../shared/api';

/** A message for the user (i18n key + params), with the file's problems when opening failed. */
export interface FileNotice {
  key: string;
  params: Record<string, string | number>;
  tone: 'info' | 'error';
  /** Where the file is wrong (JSON paths) and why. */
  errors?: ProjectIssue[];
}

export interface FileState {
  /** Shown in the title; the file name once saved or opened. */
  name: string;
  /** Where Save writes (a path on the desktop, a projects-folder name in the browser); null: Save asks. */
  ref: string | null;
  /** The project as opened or last saved: its unknown fields and files are written back. */
  base: Project | null;
  notice: FileNotice | null;
  /** Autosaved work found at start-up, waiting for Restore or Discard. */
  recovery: RecoveredProject | null;
  /** The browser build's own dialogs (the desktop uses native ones). */
  dialog: null | { kind: 'open'; entries: ProjectEntry[] } | { kind: 'saveAs' } | { kind: 'examples'; entries: ProjectEntry[] };
}

export const initialFileState: FileState = { name: '', ref: null, base: null, notice: null, recovery: null, dialog: null };

export const fileStore = createStore<FileState>()(() => ({ ...initialFileState }));

export function useFileStore<T>(selector: (state: FileState) => T): T {
  return useStore(fileStore, selector);
}
