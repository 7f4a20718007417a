// ProcessLike over Electron's utilityProcess: the desktop app's training process.
import { utilityProcess } from 'electron';
import type { ProcessLike, SpawnWorker } from '../trainer/host';

export function utilityWorker(workerPath: string): SpawnWorker {
  return () => {
    const child = utilityProcess.fork(workerPath, [], { serviceName: 'Netloom trainer', stdio: 'inherit' });
    const adapter: ProcessLike = {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      // utilityProcess reports only an exit code.
      onExit: (listener) => void child.on('exit', (code) => listener(code, null)),
      kill: () => void child.kill(),
    };
    return adapter;
  };
}
