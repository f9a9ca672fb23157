import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { lineProfile, type ProfilePoint } from '../../../native-workers/analysis/profile.js';
import { AnalysisError, type PixelView } from '../../../native-workers/analysis/types.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { makeFrame, toPy, PY_PRELUDE, type PyArray } from './kernel-fixtures.js';

interface Case {
  name: string;
  view: PixelView;
  from: ProfilePoint;
  to: ProfilePoint;
  linewidth?: number;
}

const REFERENCE_SCRIPT = `${PY_PRELUDE}
from skimage.measure import profile_line
out = []
for c in json.load(sys.stdin):
    a = arr(c['data'])
    p = profile_line(a, (c['from']['y'], c['from']['x']), (c['to']['y'], c['to']['x']),
                     order=1, mode='constant', cval=-1, linewidth=c['linewidth'], reduce_func=np.mean)
    out.append([None if v != v else float(v) for v in p])
print(json.dumps(out))
`;

function buildCases(): Case[] {
  const u16 = { pixels: makeFrame('uint16', 40, 30, 21, { sky: 900, noise: 40, stars: 5 }), width: 40, height: 30 };
  const f32 = { pixels: makeFrame('float32', 37, 29, 22, { sky: 12.5, noise: 3.25, stars: 3 }), width: 37, height: 29 };
  const f64nan = { pixels: makeFrame('float64', 25, 25, 23, { sky: 100, noise: 10, missing: 0.04 }), width: 25, height: 25 };
  const i16 = { pixels: makeFrame('int16', 30, 20, 24, { sky: -50, noise: 30 }), width: 30, height: 20 };
  const u8 = { pixels: makeFrame('uint8', 16, 16, 25, { sky: 100, noise: 30 }), width: 16, height: 16 };
  const i32 = { pixels: makeFrame('int32', 20, 20, 26, { sky: 5000, noise: 400 }), width: 20, height: 20 };
  return [
    { name: 'uint16 horizontal row', view: u16, from: { x: 0, y: 10 }, to: { x: 39, y: 10 } },
    { name: 'uint16 vertical column', view: u16, from: { x: 5, y: 0 }, to: { x: 5, y: 29 } },
    { name: 'uint16 diagonal corner to corner', view: u16, from: { x: 0, y: 0 }, to: { x: 39, y: 29 } },
    { name: 'uint16 fractional end points', view: u16, from: { x: 3.3, y: 4.7 }, to: { x: 31.9, y: 22.15 } },
    { name: 'uint16 line leaving the image (cval −1 outside)', view: u16, from: { x: -5, y: 12.5 }, to: { x: 47.5, y: 33 } },
    { name: 'uint16 line from the far edge outwards', view: u16, from: { x: 39, y: 29 }, to: { x: 45, y: 35 } },
    { name: 'uint16 linewidth 3', view: u16, from: { x: 2, y: 3 }, to: { x: 30, y: 25 }, linewidth: 3 },
    { name: 'uint16 reversed direction, linewidth 5', view: u16, from: { x: 30.5, y: 25.25 }, to: { x: 2, y: 3 }, linewidth: 5 },
    { name: 'uint16 single point', view: u16, from: { x: 7, y: 8 }, to: { x: 7, y: 8 } },
    { name: 'float32 diagonal with fractional ends', view: f32, from: { x: 1.25, y: 27.5 }, to: { x: 35.75, y: 0.5 } },
    { name: 'float32 linewidth 3 across the border', view: f32, from: { x: -2, y: 1 }, to: { x: 38, y: 28.5 }, linewidth: 3 },
    { name: 'float64 with NaN pixels (NaN propagates)', view: f64nan, from: { x: 0, y: 0 }, to: { x: 24, y: 24 } },
    { name: 'float64 with NaN pixels, linewidth 3', view: f64nan, from: { x: 0, y: 12 }, to: { x: 24, y: 13 }, linewidth: 3 },
    { name: 'int16 negative values, steep line', view: i16, from: { x: 4.5, y: 0 }, to: { x: 9, y: 19 } },
    { name: 'uint8 line partly outside', view: u8, from: { x: -3, y: -3 }, to: { x: 10, y: 5 } },
    { name: 'int32 linewidth 3', view: i32, from: { x: 1, y: 18 }, to: { x: 18, y: 2 }, linewidth: 3 },
  ];
}

describe('lineProfile equals skimage.measure.profile_line(order=1, mode="constant", cval=-1)', () => {
  const cases = buildCases();
  let refs: (number | null)[][] = [];
  before(() => {
    requirePython('numpy', 'skimage');
    refs = runPython(
      REFERENCE_SCRIPT,
      cases.map((c) => ({ data: toPy(c.view.pixels, c.view.width, c.view.height) as PyArray, from: c.from, to: c.to, linewidth: c.linewidth ?? 1 })),
    );
  });
  for (const [i, c] of cases.entries()) {
    test(`${c.name}: same number of samples, each within 1e-9`, () => {
      const ours = lineProfile(c.view, c.from, c.to, { linewidth: c.linewidth });
      const ref = refs[i]!;
      assert.equal(ours.length, ref.length, 'sample count');
      for (let k = 0; k < ref.length; k++) {
        const want = ref[k];
        if (want === null) assert.ok(Number.isNaN(ours[k]), `sample ${k}: NaN expected, got ${ours[k]}`);
        else assert.ok(Math.abs(ours[k]! - want) <= 1e-9 * Math.max(1, Math.abs(want)), `sample ${k}: ${ours[k]} vs ${want}`);
      }
    });
  }
});

describe('lineProfile refuses bad requests', () => {
  const v: PixelView = { pixels: new Float32Array(16), width: 4, height: 4 };
  test('non-finite end points are BAD_ARGUMENT errors', () => {
    assert.throws(() => lineProfile(v, { x: NaN, y: 0 }, { x: 1, y: 1 }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
  });
  test('a linewidth that is not a positive integer is a BAD_ARGUMENT error', () => {
    assert.throws(() => lineProfile(v, { x: 0, y: 0 }, { x: 3, y: 3 }, { linewidth: 0 }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
  });
  test('an absurdly long line is refused before anything is allocated', () => {
    assert.throws(() => lineProfile(v, { x: 0, y: 0 }, { x: 1e12, y: 0 }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
  });
});
