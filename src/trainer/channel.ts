// The worker's line to its host. One worker module runs under two hosts:
// Electron's utilityProcess (process.parentPort) and Node's child_process.fork (process.send).
import type { WorkerMessage } from '../shared/api';

export interface Channel {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

export function parentChannel(): Channel {
  // Electron's types declare parentPort on every process; it exists only in a utility process.
  const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => void port.on('message', (event) => listener(event.data)),
    };
  }
  if (typeof process.send === 'function') {
    return {
      send: (message) => void process.send?.(message),
      onMessage: (listener) => void process.on('message', listener),
    };
  }
  throw new Error('trainer: no parent to talk to (start me with utilityProcess.fork or child_process.fork)');
}
