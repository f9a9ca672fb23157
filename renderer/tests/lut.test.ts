import { describe, expect, test } from 'vitest';
import { applyStretch, buildLut, LUT_SIZE, NAN_RGBA, packRgba, paintPixels } from '../src/lib/lut';
import { colormapRgb } from '../src/lib/colormaps';

const unpack = (v: number): [number, number, number, number] => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];

describe('stretches (astropy.visualization definitions)', () => {
  test('linear, sqrt, log (a=1000) and asinh (a=0.1) at known points', () => {
    expect(applyStretch('linear', 0.3)).toBeCloseTo(0.3, 12);
    expect(applyStretch('sqrt', 0.25)).toBeCloseTo(0.5, 12);
    // LogStretch(a=1000)(0.5) = log(501)/log(1001)
    expect(applyStretch('log', 0.5)).toBeCloseTo(0.8998157, 6);
    // AsinhStretch(a=0.1)(0.5) = asinh(5)/asinh(10)
    expect(applyStretch('asinh', 0.5)).toBeCloseTo(0.7712696, 6);
    for (const s of ['linear', 'log', 'sqrt', 'asinh'] as const) {
      expect(applyStretch(s, 0)).toBeCloseTo(0, 12);
      expect(applyStretch(s, 1)).toBeCloseTo(1, 12);
    }
  });
});

describe('lookup table', () => {
  test('has 16,384 entries from black to white for gray/linear', () => {
    const lut = buildLut('linear', 'gray');
    expect(lut.length).toBe(LUT_SIZE);
    expect(unpack(lut[0]!)).toEqual([0, 0, 0, 255]);
    expect(unpack(lut[LUT_SIZE - 1]!)).toEqual([255, 255, 255, 255]);
    const mid = unpack(lut[8192]!);
    expect(mid[0]).toBe(128);
  });

  test('inverted runs white to black; viridis starts at #440154 and ends at #fde725', () => {
    expect(unpack(buildLut('linear', 'inverted')[0]!)).toEqual([255, 255, 255, 255]);
    expect(colormapRgb('viridis', 0)).toEqual([0x44, 0x01, 0x54]);
    expect(colormapRgb('viridis', 1)).toEqual([0xfd, 0xe7, 0x25]);
  });

  test('a different stretch changes the LUT', () => {
    const a = buildLut('linear', 'gray');
    const b = buildLut('sqrt', 'gray');
    expect(unpack(b[4096]!)[0]).toBeGreaterThan(unpack(a[4096]!)[0]);
  });
});

describe('painting pixels', () => {
  test('puts image row 0 at the bottom, clamps to the limits and marks NaN', () => {
    const lut = buildLut('linear', 'gray');
    // 2×2 image: row 0 = [0, 10], row 1 = [NaN, 100]
    const pixels = new Float32Array([0, 10, NaN, 100]);
    const out = new Uint32Array(4);
    paintPixels(pixels, 2, 2, 0, 10, lut, out);
    // Top output row is image row 1.
    expect(out[0]).toBe(NAN_RGBA);
    expect(unpack(out[1]!)).toEqual([255, 255, 255, 255]); // 100 clamps to high
    expect(unpack(out[2]!)).toEqual([0, 0, 0, 255]);
    expect(unpack(out[3]!)).toEqual([255, 255, 255, 255]);
  });

  test('values far outside the limits do not wrap around', () => {
    const lut = buildLut('linear', 'gray');
    const out = new Uint32Array(2);
    paintPixels(new Float32Array([1e30, -1e30]), 2, 1, 0, 1, lut, out);
    expect(out[0]).toBe(lut[LUT_SIZE - 1]);
    expect(out[1]).toBe(lut[0]);
  });

  test('packRgba is little-endian RGBA', () => {
    expect(unpack(packRgba(1, 2, 3, 4))).toEqual([1, 2, 3, 4]);
  });
});

describe('night-vision LUT', () => {
  test('keeps only the red channel, from the colormap luminance', () => {
    const lut = buildLut('linear', 'viridis', true);
    for (const i of [0, 5000, LUT_SIZE - 1]) {
      const [r, g, b] = unpack(lut[i]!);
      expect(g).toBe(0);
      expect(b).toBe(0);
      expect(r).toBeGreaterThan(0);
    }
    const top = unpack(buildLut('linear', 'gray', true)[LUT_SIZE - 1]!);
    expect(top[0]).toBe(Math.round(255 * 0.85));
  });
});
