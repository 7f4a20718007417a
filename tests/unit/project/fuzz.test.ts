// Fuzz: 1,200 seeded mutations of valid .netloom files (byte flips, truncation, type swaps,
// missing fields, huge numbers, deep nesting). Every outcome must be a loaded project that the
// rest of the engine can use, or errors that say where and what — never an escaping exception.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { analyzeGraph, readProject, Rng, summarizeGraph, writeProject, type ReadProjectResult } from '../../../src/core';
import { chain, sampleProject } from './helpers';

const rng = new Rng(20261122);
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];

const base = writeProject(sampleProject());
const cnn = writeProject({
  ...sampleProject(),
  run: undefined,
  graph: chain([
    ['input', 'input', { shape: [8, 8, 1] }],
    ['conv', 'conv2d', { filters: 4 }],
    ['pool', 'maxPool2d', {}],
    ['flat', 'flatten', {}],
    ['out', 'dense', { units: 2, activation: 'softmax' }],
  ]),
});
const baseJson = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(unzipSync(bytes)['project.json'])) as unknown;

/** Every [parent, key] pair in a JSON value. */
function slots(v: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), slots(x, out)));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push([v as Record<string, unknown>, k]), slots(x, out));
  return out;
}

const swaps: (() => unknown)[] = [
  () => null, () => 'text', () => '', () => true, () => [], () => ({}), () => -1, () => 0, () => 1.5,
  () => 1e308, () => -1e308, () => Number.MAX_SAFE_INTEGER * 4, () => 2 ** 31, () => [1e9, 1e9, 1e9], () => '1e999',
];

type Mutation = (bytes: Uint8Array) => Uint8Array;

const jsonMutation = (edit: (json: unknown) => unknown): Mutation => (bytes) => {
  const entries = unzipSync(bytes);
  const json = edit(baseJson(bytes));
  entries['project.json'] = strToU8(JSON.stringify(json) ?? 'undefined');
  return zipSync(entries);
};

const mutations: Record<string, Mutation> = {
  byteFlips: (bytes) => {
    const b = bytes.slice();
    const flips = 1 + rng.int(8);
    for (let i = 0; i < flips; i++) b[rng.int(b.length)] ^= 1 << rng.int(8);
    return b;
  },
  truncation: (bytes) => bytes.slice(0, rng.int(bytes.length)),
  typeSwap: jsonMutation((json) => {
    const s = slots(json);
    for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
      const [parent, key] = pick(s);
      (parent as Record<string | number, unknown>)[key] = pick(swaps)();
    }
    return json;
  }),
  missingField: jsonMutation((json) => {
    const objectSlots = slots(json).filter(([p]) => !Array.isArray(p));
    const [parent, key] = pick(objectSlots);
    delete (parent as Record<string, unknown>)[key as string];
    return json;
  }),
  hugeNumbers: jsonMutation((json) => {
    const numeric = slots(json).filter(([p, k]) => typeof (p as Record<string | number, unknown>)[k] === 'number');
    for (let i = 0, n = 1 + rng.int(4); i < n; i++) {
      const [parent, key] = pick(numeric);
      (parent as Record<string | number, unknown>)[key] = pick([1e308, -1e308, 2 ** 53 + 2, 1e12, -(2 ** 40), 4294967296]);
    }
    return json;
  }),
  deepNesting: (bytes) => {
    // Built as text: JSON.stringify itself cannot write 20,000 levels.
    const json = baseJson(bytes);
    // Half the time in place of a known field, half as an unknown extra field of some object.
    const [parent, key] = pick(slots(json));
    const objects = slots(json).map(([p]) => p).filter((p) => !Array.isArray(p));
    if (rng.next() < 0.5) (parent as Record<string | number, unknown>)[key] = '@@DEEP@@';
    else (pick(objects) as Record<string, unknown>).extra = '@@DEEP@@';
    const depth = pick([20, 80, 1000, 20000]);
    const open = Array.from({ length: depth }, () => (rng.next() < 0.5 ? '[' : '{"a":'));
    const nested = `${open.join('')}0${open.reverse().map((o) => (o === '[' ? ']' : '}')).join('')}`;
    const entries = unzipSync(bytes);
    entries['project.json'] = strToU8(JSON.stringify(json).replace('"@@DEEP@@"', nested));
    return zipSync(entries);
  },
  wholeJson: jsonMutation(() => pick(swaps)()),
  safetensorsFlip: (bytes) => {
    const entries = unzipSync(bytes);
    const w = entries['weights.safetensors'];
    if (!w) return bytes;
    const b = w.slice();
    for (let i = 0, n = 1 + rng.int(4); i < n; i++) b[rng.int(Math.min(b.length, 200))] ^= 1 << rng.int(8);
    entries['weights.safetensors'] = b;
    return zipSync(entries);
  },
};

function check(r: ReadProjectResult): 'loaded' | 'error' {
  if (!r.ok) {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(typeof e.path).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
      // …and a code the app translates (fileIssues.<code>).
      expect(typeof e.code).toBe('string');
      // The catch-all in readProject is a safety net, not an answer: each case has its own message.
      expect(e.message).not.toMatch(/^the file could not be read/);
    }
    return 'error';
  }
  // A loaded project is usable: analysis, summary and a second save/open all work.
  analyzeGraph(r.project.graph);
  summarizeGraph(r.project.graph);
  expect(readProject(writeProject(r.project)).ok).toBe(true);
  return 'loaded';
}

describe('fuzzing .netloom files', () => {
  it('answers 1,200 mutated files with a project or specific errors, never an exception', () => {
    const outcomes: Record<string, { loaded: number; error: number }> = {};
    const names = Object.keys(mutations);
    for (let i = 0; i < 1200; i++) {
      const name = names[i % names.length];
      const source = i % 3 === 0 ? cnn : base;
      const mutated = mutations[name](source);
      let result: ReadProjectResult;
      try {
        result = readProject(mutated);
      } catch (err) {
        throw new Error(`readProject threw on mutation #${i} (${name}): ${String(err)}`);
      }
      const o = (outcomes[name] ??= { loaded: 0, error: 0 });
      o[check(result)]++;
    }
    // Each kind of damage was both survived and caught at least once (the fuzzer is not a no-op).
    const total = Object.values(outcomes).reduce((a, o) => a + o.loaded + o.error, 0);
    expect(total).toBe(1200);
    for (const name of ['truncation', 'typeSwap', 'missingField', 'hugeNumbers', 'wholeJson']) expect(outcomes[name].error).toBeGreaterThan(0);
    for (const name of ['byteFlips', 'missingField', 'deepNesting']) expect(outcomes[name].loaded).toBeGreaterThan(0);
  }, 120_000);
});
