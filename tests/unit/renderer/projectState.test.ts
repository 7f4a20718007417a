// Between the stores and a Project: what Save writes, what Open restores, and dirty tracking.
import { describe, expect, it } from 'vitest';
import { readProject, starterDocument, writeProject, type Project } from '../../../src/core';
import { projectFromState, stateFromProject, windowTitle } from '../../../src/renderer/files/projectState';
import { shortcutFor } from '../../../src/renderer/files/fileController';
import { createDocumentStore } from '../../../src/renderer/store/documentStore';
import { trainedState } from './helpers';

describe('projectFromState / stateFromProject', () => {
  it('round-trips the document, settings, history and weights through a file', () => {
    const state = trainedState(5);
    const r = readProject(writeProject(projectFromState(null, 'mine', state)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const back = stateFromProject(r.project);
    expect(back.doc).toEqual(state.doc);
    expect(back.settings).toEqual(state.settings);
    expect(back.run!.history).toEqual(state.run.history);
    expect(back.run!.params).toEqual(state.run.params);
    expect(back.run!.runConfig).toEqual(state.run.runConfig);
    expect(r.project.run!.weights![0].name).toBe('hidden1.kernel');
  });

  it('keeps what the opened project had and this version does not know (race view, extra fields)', () => {
    const base = { ...projectFromState(null, 'x', trainedState(5)), views: { race: { keep: 1 } }, future: 'yes' } as Project;
    const next = projectFromState(base, 'x', { ...trainedState(5), doc: { nodes: [], edges: [] } }) as Project & { future?: string };
    expect(next.views).toEqual({ race: { keep: 1 } });
    expect(next.future).toBe('yes');
    expect(next.graph).toEqual({ nodes: [], edges: [] });
  });

  it('saves the canvas pan and zoom in views.canvas and restores them; a bad or newer one falls back to fitting', () => {
    const view = { version: 1 as const, x: -120.5, y: 64, zoom: 0.8 };
    const r = readProject(writeProject(projectFromState(null, 'mine', { ...trainedState(5), canvas: view })));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.project.views).toEqual({ canvas: view });
    expect(stateFromProject(r.project)).toMatchObject({ canvas: view, canvasOwned: true, warnings: [] });
    // The race and the canvas side by side, over a base that has another view.
    const both = projectFromState({ ...r.project, views: { other: 1 } }, 'mine', { ...trainedState(5), canvas: view, race: { keep: 1 } as never });
    expect(both.views).toEqual({ other: 1, race: { keep: 1 }, canvas: view });

    const opened = (canvas: unknown) => stateFromProject({ ...r.project, views: { canvas } });
    for (const bad of [{ ...view, zoom: 9 }, { ...view, x: 'left' }, { ...view, y: Number.NaN }, 'near', null]) {
      expect(opened(bad)).toMatchObject({ canvas: null, canvasOwned: true }); // fit the network; the next Save replaces it
    }
    const newer = { version: 2, x: 1, y: 2, zoom: 1, rotation: 45 };
    expect(opened(newer)).toMatchObject({ canvas: null, canvasOwned: false }); // kept as it was
    expect(stateFromProject({ ...r.project, views: {} })).toMatchObject({ canvas: null, canvasOwned: true });
  });

  it('saves no run before training, and a run in progress as stopped', () => {
    const idle = trainedState(5);
    idle.run = { status: 'idle', history: [], params: null, runConfig: null };
    expect(projectFromState(null, 'x', idle).run).toBeUndefined();
    const running = trainedState(5);
    running.run.status = 'running';
    expect(projectFromState(null, 'x', running).run!.status).toBe('stopped');
  });
});

describe('dirty tracking in the document store', () => {
  it('every edit marks the document dirty; markSaved and replaceDocument clear it', () => {
    const store = createDocumentStore();
    expect(store.getState().dirty).toBe(false);
    store.getState().updateSettings('hidden1', { units: 3 });
    expect(store.getState().dirty).toBe(true);
    store.getState().markSaved();
    expect(store.getState().dirty).toBe(false);
    store.getState().moveNode('hidden1', { ...store.getState().doc.nodes[1].position }); // no real move
    expect(store.getState().dirty).toBe(false);
    store.getState().moveNode('hidden1', { x: 1, y: 2 });
    expect(store.getState().dirty).toBe(true);
    store.getState().replaceDocument(starterDocument());
    expect(store.getState().dirty).toBe(false);
    store.getState().replaceDocument(starterDocument(), { dirty: true }); // restored unsaved work
    expect(store.getState().dirty).toBe(true);
  });
});

describe('title and shortcuts', () => {
  it('marks unsaved changes in the title', () => {
    expect(windowTitle('spirals', false)).toBe('spirals — Netloom');
    expect(windowTitle('spirals', true)).toBe('● spirals — Netloom');
  });

  it('maps Ctrl/Cmd+S, Shift+S, O, N', () => {
    const key = (k: string, mods: Partial<KeyboardEvent> = {}) => shortcutFor({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
    expect(key('s', { ctrlKey: true })).toEqual({ type: 'save' });
    expect(key('S', { metaKey: true, shiftKey: true })).toEqual({ type: 'saveAs' });
    expect(key('o', { ctrlKey: true })).toEqual({ type: 'open' });
    expect(key('n', { metaKey: true })).toEqual({ type: 'new' });
    expect(key('s')).toBeNull();
    expect(key('s', { ctrlKey: true, altKey: true })).toBeNull();
  });
});
