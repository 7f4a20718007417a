// The second thread of the two-thread GEMM measurement (child.ts, engine netloom-2t, workload gemm):
// the same 1024³ GEMM as the first thread, started together with it, so the pair shows how much
// floating-point throughput the machine's second core adds (two separate cores: 2×; two hyperthreads
// of one core: far less).
import { parentPort, workerData } from 'node:worker_threads';
import { kernels, loadWasmKernels, setKernels } from '../../../src/core';
import { gemmOperands, timeGemms } from './gemmLoop';

const { n, reps, start } = workerData as { n: number; reps: number; start: SharedArrayBuffer };
const w = loadWasmKernels();
if (w) setKernels(w.kernels);
const ops = gemmOperands(n);
kernels().denseForward(ops.A, ops.B, null, ops.C, n, n, n); // warm-up
const flag = new Int32Array(start);
Atomics.add(flag, 1, 1); // ready
Atomics.wait(flag, 0, 0);
parentPort!.postMessage(timeGemms(ops, n, reps));
