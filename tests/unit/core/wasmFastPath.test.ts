// Earlier suites re-run with the WebAssembly kernels installed (the app's default fast path): the
// imported files register their tests here, and the top-level beforeEach installs the wasm kernels
// before each of them (before their own hooks, so suites that reset to jsKernels after a test still
// get the fast path in the next one). Float32 checks (TF.js conformance) run on wasm; the float64
// gradient checks exercise the dispatch back to the TypeScript kernels.
import { afterAll, beforeEach, expect, it } from 'vitest';
import { jsKernels, kernels, loadWasmKernels, setKernels } from '../../../src/core';
import './tfjsConformance.test';
import './tfjsRecurrent.test';
import './conv.test';
import './recurrent.test';
import './seedBackprop.test';
import './session.test';
import './sessionData.test';
import './trainFeatures.test';
import './tfjsNormMerge.test';
import './gradients.test';
import './layers.test';

const wasm = loadWasmKernels()!;

beforeEach(() => setKernels(wasm.kernels));
afterAll(() => setKernels(jsKernels));

it('runs these suites on the wasm kernels', () => {
  expect(wasm).not.toBeNull();
  expect(kernels()).toBe(wasm.kernels);
});
