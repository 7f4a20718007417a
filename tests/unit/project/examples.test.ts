// The shipped examples open, are what scripts/makeExamples.ts builds, and the trained one predicts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileNetwork, generateDataset, readProject, summarizeGraph, type Project } from '../../../src/core';
import { exampleProjects } from '../../../scripts/makeExamples';

const dir = resolve(__dirname, '../../../examples');
const open = (name: string): Project => {
  const r = readProject(new Uint8Array(readFileSync(join(dir, `${name}.netloom`))));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.project;
};

describe('examples/', () => {
  const built = exampleProjects();

  it('holds exactly the examples the script builds, each matching it', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.netloom')).map((f) => f.replace(/\.netloom$/, '')).sort();
    expect(files).toEqual(Object.keys(built).sort());
    for (const [name, p] of Object.entries(built)) {
      const file = open(name);
      expect(file.graph).toEqual(p.graph);
      expect(file.dataset).toEqual(p.dataset);
    }
  });

  it("the course's 6→5→4→3 MLP has 74 parameters", () => {
    expect(summarizeGraph(open('course-mlp-6-5-4-3').graph).totals.params).toBe(74);
  });

  it('two spirals ships trained: its weights classify the spirals (≥ 90 %)', () => {
    const p = open('two-spirals');
    const model = compileNetwork(p.run!.graph);
    model.setParams(p.run!.weights!.map((w) => w.data));
    const data = generateDataset(p.dataset as Parameters<typeof generateDataset>[0]);
    const y = model.predict(data.x, data.n);
    let correct = 0;
    for (let i = 0; i < data.n; i++) correct += (y[i] > 0.5 ? 1 : 0) === data.y[i] ? 1 : 0;
    expect(correct / data.n).toBeGreaterThanOrEqual(0.9);
    expect(p.run!.history).toHaveLength(p.training.epochs);
  });
});
