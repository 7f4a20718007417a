import { describe, expect, it } from 'vitest';
import {
  CLASS0_COLOR,
  CLASS1_COLOR,
  fillHeatmap,
  NEUTRAL_COLOR,
  probabilityColor,
  toCanvas,
} from '../../../src/renderer/training/heatmap';

describe('probabilityColor', () => {
  it('maps 0, 0.5 and 1 to orange, neutral and blue', () => {
    expect(probabilityColor(0)).toEqual([245, 147, 34]);
    expect(probabilityColor(0.5)).toEqual([232, 234, 235]);
    expect(probabilityColor(1)).toEqual([8, 119, 189]);
  });

  it('interpolates linearly on each half', () => {
    // 0.25 is halfway between orange and neutral: (245+232)/2 = 238.5 -> 239, (147+234)/2 = 190.5 -> 191, (34+235)/2 = 134.5 -> 135
    expect(probabilityColor(0.25)).toEqual([239, 191, 135]);
    // 0.75 is halfway between neutral and blue: (232+8)/2 = 120, (234+119)/2 = 176.5 -> 177, (235+189)/2 = 212
    expect(probabilityColor(0.75)).toEqual([120, 177, 212]);
  });

  it('clamps out-of-range values and shows NaN as undecided', () => {
    expect(probabilityColor(-3)).toEqual([...CLASS0_COLOR]);
    expect(probabilityColor(7)).toEqual([...CLASS1_COLOR]);
    expect(probabilityColor(Number.NaN)).toEqual([...NEUTRAL_COLOR]);
  });

  it('red minus blue falls monotonically from class 0 to class 1', () => {
    let prev = Infinity;
    for (let i = 0; i <= 100; i++) {
      const [r, , b] = probabilityColor(i / 100);
      expect(r - b).toBeLessThanOrEqual(prev);
      prev = r - b;
    }
  });
});

describe('fillHeatmap', () => {
  it('writes RGBA per cell in grid order', () => {
    const out = fillHeatmap(new Float32Array([0, 1, 0.5]), new Uint8ClampedArray(12), 200);
    expect([...out]).toEqual([245, 147, 34, 200, 8, 119, 189, 200, 232, 234, 235, 200]);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => fillHeatmap(new Float32Array(4), new Uint8ClampedArray(15))).toThrow(/16/);
  });
});

describe('toCanvas', () => {
  const bounds = { xMin: -6, xMax: 6, yMin: -6, yMax: 6 };
  it('puts (xMin, yMax) top-left and (xMax, yMin) bottom-right', () => {
    expect(toCanvas(-6, 6, bounds, 240, 120)).toEqual([0, 0]);
    expect(toCanvas(6, -6, bounds, 240, 120)).toEqual([240, 120]);
    expect(toCanvas(0, 0, bounds, 240, 120)).toEqual([120, 60]);
    expect(toCanvas(3, 3, bounds, 240, 120)).toEqual([180, 30]);
  });
});
