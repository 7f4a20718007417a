// ProcessLike over Node's child_process.fork: the browser build's (and the tests') worker.
import { fork } from 'node:child_process';
import type { ProcessLike, SpawnWorker } from '../trainer/host';

export interface ForkOptions {
  /** Node flags for the child; tests pass ['--import', 'tsx'] to run the .ts worker. */
  execArgv?: string[];
}

/**
 * Node flags that turn on WebAssembly relaxed SIMD (the engine's fused multiply-add kernels) where it is
 * still behind a flag: Node 16–21. Newer Node has it on by default, as does Electron 41.
 */
export function relaxedSimdFlags(version = process.versions.node): string[] {
  const major = Number(version.split('.')[0]);
  return major >= 16 && major <= 21 ? ['--experimental-wasm-relaxed-simd'] : [];
}

export function forkWorker(workerPath: string, options: ForkOptions = {}): SpawnWorker {
  return () => {
    // execArgv is not inherited (e.g. --inspect would clash with the parent's port): only the relaxed-SIMD
    // flag and the caller's.
    const child = fork(workerPath, [], {
      serialization: 'advanced', // typed arrays cross as structured clones
      execArgv: [...relaxedSimdFlags(), ...(options.execArgv ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let exited = false;
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    const exit = (code: number | null, signal: string | null): void => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(code, signal);
    };
    child.on('exit', exit);
    child.on('error', () => exit(null, null)); // could not start (or could not be signalled)
    const adapter: ProcessLike = {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void exitListeners.push(listener),
      kill: () => void child.kill(),
    };
    return adapter;
  };
}
