// The sandboxed bridge: one named function per message, never the raw ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { TrainEvent } from '../core/train/events';
import { IpcChannel, type NetloomApi } from '../shared/api';

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
};

contextBridge.exposeInMainWorld('netloom', api);
