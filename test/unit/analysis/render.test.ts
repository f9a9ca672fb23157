import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { binImage, fitInside, renderPreview, resampleArea } from '../../../native-workers/analysis/render.js';
import { colormapTable, COLORMAP_NAMES, applyColormap } from '../../../native-workers/analysis/colormaps.js';
import { AnalysisError } from '../../../native-workers/analysis/types.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { createRandom } from '../../../native-workers/analysis/random.js';

function randomFloats(n: number, seed: number): Float32Array {
  const rng = createRandom(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = 1000 + 50 * rng.normal();
  return a;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number | null>, relTol: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i];
    if (e === null) {
      assert.ok(Number.isNaN(actual[i]), `index ${i}: expected NaN, got ${actual[i]}`);
      continue;
    }
    assert.ok(Math.abs(actual[i]! - e) <= relTol * Math.max(1, Math.abs(e)), `index ${i}: ${actual[i]} vs ${e}`);
  }
}

describe('binImage', () => {
  test('area-average binning equals numpy reshape-mean on float data', () => {
    requirePython('numpy');
    const width = 64;
    const height = 48;
    const pixels = randomFloats(width * height, 11);
    const ours = binImage({ pixels, width, height }, 4);
    const ref = runPython<number[]>(
      `import sys, json, numpy as np
d = json.load(sys.stdin)
a = np.array(d['p'], dtype=np.float32).reshape(d['h'], d['w'])
f = d['f']
print(json.dumps(a.reshape(d['h']//f, f, d['w']//f, f).astype(np.float64).mean(axis=(1, 3)).ravel().tolist()))`,
      { p: Array.from(pixels), w: width, h: height, f: 4 },
    );
    assert.equal(ours.width, 16);
    assert.equal(ours.height, 12);
    assertClose(ours.pixels, ref, 1e-6);
  });

  test('binning skips NaN and BLANK pixels as numpy nanmean does (all-missing block → NaN)', () => {
    requirePython('numpy');
    const width = 8;
    const height = 6;
    const pixels = new Int16Array(width * height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 101 - 50;
    const blank = -999;
    pixels[3] = blank;
    pixels[9] = blank;
    for (const i of [44, 45, 46, 47, 36, 37, 38, 39]) pixels[i] = blank; // one whole 2×2 block and more
    const ours = binImage({ pixels, width, height, blank }, 2);
    const ref = runPython<(number | null)[]>(
      `import sys, json, numpy as np, warnings
warnings.simplefilter('ignore')
d = json.load(sys.stdin)
a = np.array(d['p'], dtype=np.float64).reshape(d['h'], d['w'])
a[a == d['blank']] = np.nan
m = np.nanmean(a.reshape(d['h']//2, 2, d['w']//2, 2), axis=(1, 3)).ravel()
print(json.dumps([None if np.isnan(v) else float(v) for v in m]))`,
      { p: Array.from(pixels), w: width, h: height, blank },
    );
    assertClose(ours.pixels, ref, 1e-6);
  });

  test('a region is binned on its own and partial edge blocks average the pixels they have', () => {
    const width = 5;
    const height = 3;
    const pixels = Float64Array.from({ length: 15 }, (_, i) => i);
    const r = binImage({ pixels, width, height }, 2, { x0Px: 1, y0Px: 1, x1Px: 4, y1Px: 3 });
    // region rows 1..2, cols 1..3 → blocks [cols 1,2] and [col 3]
    assert.deepEqual(Array.from(r.pixels), [(6 + 7 + 11 + 12) / 4, (8 + 13) / 2]);
  });

  test('an empty or out-of-bounds region is a BAD_REGION error', () => {
    const view = { pixels: new Float32Array(16), width: 4, height: 4 };
    for (const region of [
      { x0Px: 0, y0Px: 0, x1Px: 5, y1Px: 2 },
      { x0Px: 2, y0Px: 0, x1Px: 2, y1Px: 2 },
      { x0Px: -1, y0Px: 0, x1Px: 2, y1Px: 2 },
    ]) {
      assert.throws(() => binImage(view, 2, region), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_REGION');
    }
    assert.throws(() => binImage(view, 0), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
  });
});

describe('renderPreview', () => {
  test('row 0 of the FITS image is the bottom row of the picture (DS9 orientation)', () => {
    const width = 6;
    const height = 4;
    const pixels = new Float32Array(width * height);
    for (let x = 0; x < width; x++) pixels[x] = 100; // row 0 bright, the rest 0
    const r = renderPreview({ pixels, width, height }, { limits: { min: 0, max: 100 }, transfer: 'linear' });
    assert.equal(r.width, width);
    assert.equal(r.height, height);
    const bottom = Array.from(r.bytes.subarray((height - 1) * width));
    const top = Array.from(r.bytes.subarray(0, width));
    assert.deepEqual(bottom, new Array(width).fill(255));
    assert.deepEqual(top, new Array(width).fill(0));
  });

  test('the picture fits inside the requested size with the aspect kept', () => {
    assert.deepEqual(fitInside(300, 100, 150, 150), { width: 150, height: 50 });
    assert.deepEqual(fitInside(100, 400, 150, 200), { width: 50, height: 200 });
    assert.deepEqual(fitInside(4096, 4096, 512), { width: 512, height: 512 });
    const r = renderPreview(
      { pixels: new Uint16Array(300 * 100).fill(7), width: 300, height: 100 },
      { width: 150, height: 150, limits: { min: 0, max: 14 }, transfer: 'linear' },
    );
    assert.equal(r.bytes.length, 150 * 50);
    assert.ok(r.bytes.every((b) => b === 128), 'a constant frame at mid-range renders mid-grey everywhere');
  });

  test('shrinking by a non-integer factor averages each source pixel into exactly one output pixel', () => {
    const pixels = Float64Array.from([1, 2, 3, 4, 5]);
    const r = resampleArea({ pixels, width: 5, height: 1 }, 2, 1);
    assert.deepEqual(Array.from(r.pixels), [2, 4.5]);
    const up = resampleArea({ pixels, width: 5, height: 1 }, 10, 2);
    assert.deepEqual(Array.from(up.pixels.subarray(0, 10)), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  test('NaN pixels render black and transfer functions bend mid-grey as astropy stretches do', () => {
    const pixels = Float32Array.from([NaN, 25, 50, 100]);
    const lin = renderPreview({ pixels, width: 4, height: 1 }, { limits: { min: 0, max: 100 }, transfer: 'linear' });
    assert.deepEqual(Array.from(lin.bytes), [0, 64, 128, 255]);
    const sqrt = renderPreview({ pixels, width: 4, height: 1 }, { limits: { min: 0, max: 100 }, transfer: 'sqrt' });
    assert.deepEqual(Array.from(sqrt.bytes), [0, 128, Math.round(255 * Math.SQRT1_2), 255]);
  });
});

describe('colormaps', () => {
  test('every colormap is a 256-entry RGB table; gray is the identity and inverted its mirror', () => {
    for (const name of COLORMAP_NAMES) assert.equal(colormapTable(name).length, 768);
    const gray = colormapTable('gray');
    const inv = colormapTable('inverted');
    for (let i = 0; i < 256; i++) {
      assert.deepEqual([gray[3 * i], gray[3 * i + 1], gray[3 * i + 2]], [i, i, i]);
      assert.equal(inv[3 * i], 255 - i);
    }
    assert.deepEqual(Array.from(applyColormap(Uint8Array.from([0, 255]), 'heat')), [0, 0, 0, 255, 255, 255]);
  });

  test('viridis and cool follow matplotlib within a few levels', () => {
    requirePython('matplotlib');
    const ref = runPython<Record<string, number[][]>>(
      `import json, numpy as np
from matplotlib import cm
x = np.linspace(0, 1, 256)
print(json.dumps({n: (np.round(cm.get_cmap(n)(x)[:, :3] * 255)).astype(int).tolist() for n in ['viridis', 'cool']}))`,
    );
    for (const name of ['viridis', 'cool'] as const) {
      const table = colormapTable(name);
      let worst = 0;
      for (let i = 0; i < 256; i++) for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(table[3 * i + c]! - ref[name]![i]![c]!));
      assert.ok(worst <= 3, `${name}: largest channel difference ${worst}`);
    }
  });
});
