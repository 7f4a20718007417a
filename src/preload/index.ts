// The sandboxed bridge: one named function per message, never the raw ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { TrainEvent } from '../core/train/events';
import { IpcChannel, type FileCommand, type NetloomApi } from '../shared/api';

const api: NetloomApi = {
  platform: 'desktop',
  startTraining: (config) => ipcRenderer.invoke(IpcChannel.startTraining, config),
  stopTraining: async () => {
    await ipcRenderer.invoke(IpcChannel.stopTraining);
  },
  onTrainEvent: (listener) => {
    const handler = (_event: IpcRendererEvent, trainEvent: TrainEvent): void => listener(trainEvent);
    ipcRenderer.on(IpcChannel.trainEvent, handler);
    return () => void ipcRenderer.removeListener(IpcChannel.trainEvent, handler);
  },
  setLanguage: (language) => ipcRenderer.send(IpcChannel.setLanguage, language),
  openProject: (ref) => ipcRenderer.invoke(IpcChannel.openProject, ref),
  saveProject: (bytes, ref) => ipcRenderer.invoke(IpcChannel.saveProject, bytes, ref),
  saveProjectAs: (bytes, name) => ipcRenderer.invoke(IpcChannel.saveProjectAs, bytes, name),
  listRecent: () => ipcRenderer.invoke(IpcChannel.listRecent),
  exportProject: (bytes, name, format) => ipcRenderer.invoke(IpcChannel.exportProject, bytes, name, format),
  listExamples: () => ipcRenderer.invoke(IpcChannel.listExamples),
  openExample: (ref) => ipcRenderer.invoke(IpcChannel.openExample, ref),
  saveRecovery: (bytes, info) => ipcRenderer.invoke(IpcChannel.saveRecovery, bytes, info),
  loadRecovery: () => ipcRenderer.invoke(IpcChannel.loadRecovery),
  clearRecovery: () => ipcRenderer.invoke(IpcChannel.clearRecovery),
  setDocumentState: (state) => ipcRenderer.send(IpcChannel.setDocumentState, state),
  onFileCommand: (listener) => {
    const handler = (_event: IpcRendererEvent, command: FileCommand): void => listener(command);
    ipcRenderer.on(IpcChannel.fileCommand, handler);
    return () => void ipcRenderer.removeListener(IpcChannel.fileCommand, handler);
  },
};

contextBridge.exposeInMainWorld('netloom', api);
