import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildStretchLut, lutToBytes, renderToBytes, TRANSFERS, type Transfer } from '../../../native-workers/analysis/stretch.js';
import { AnalysisError, type PixelView } from '../../../native-workers/analysis/types.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { makeFrame, PY_PRELUDE } from './kernel-fixtures.js';

const SIZE = 4097;

// astropy's stretches on the LUT's own abscissae, and ImageNormalize for whole-image rendering.
const REFERENCE_SCRIPT = `${PY_PRELUDE}
from astropy.visualization import LinearStretch, LogStretch, SqrtStretch, AsinhStretch, PowerStretch, ImageNormalize
inp = json.load(sys.stdin)
x = np.linspace(0, 1, inp['size'])
stretches = dict(linear=LinearStretch(), log=LogStretch(), sqrt=SqrtStretch(), asinh=AsinhStretch(), power=PowerStretch(2))
luts = {k: s(x).tolist() for k, s in stretches.items()}
luts['log_a10'] = LogStretch(a=10)(x).tolist()
v = np.array(inp['values'], dtype=np.float64)
norm = {k: ImageNormalize(vmin=inp['min'], vmax=inp['max'], stretch=s, clip=True)(v).filled(0).tolist() for k, s in stretches.items()}
print(json.dumps(dict(luts=luts, norm=norm)))
`;

describe('transfer LUTs and 8-bit rendering follow astropy stretches', () => {
  const values = Array.from(makeFrame('float64', 50, 40, 41, { sky: 1000, noise: 80, stars: 4 }));
  const limits = { min: 850, max: 1600 };
  let ref: { luts: Record<string, number[]>; norm: Record<string, number[]> };
  before(() => {
    requirePython('numpy', 'astropy');
    ref = runPython(REFERENCE_SCRIPT, { size: SIZE, values, ...limits });
  });
  for (const transfer of TRANSFERS) {
    test(`${transfer}: every LUT entry equals astropy's stretch of i/(size−1) within float32 precision`, () => {
      const lut = buildStretchLut(limits, transfer, SIZE);
      const want = ref.luts[transfer]!;
      assert.equal(lut.length, SIZE);
      for (let i = 0; i < SIZE; i++) assert.ok(Math.abs(lut[i]! - want[i]!) <= 1e-7, `entry ${i}: ${lut[i]} vs ${want[i]}`);
    });
    test(`${transfer}: renderToBytes is round(255 × astropy ImageNormalize) within the LUT's quantization`, () => {
      const view: PixelView = { pixels: Float64Array.from(values), width: 50, height: 40 };
      const bytes = renderToBytes(view, limits, buildStretchLut(limits, transfer));
      const want = ref.norm[transfer]!;
      // A 16384-entry LUT moves the input by at most 1/32766; log's steep start turns that into ≤ 2 levels.
      const tolerance = transfer === 'log' ? 2 : 1;
      for (let i = 0; i < want.length; i++) {
        assert.ok(Math.abs(bytes[i]! - Math.round(255 * want[i]!)) <= tolerance, `pixel ${i}: ${bytes[i]} vs ${255 * want[i]!}`);
      }
    });
  }
  test('the stretch parameter a is used (log with a = 10 equals astropy LogStretch(a=10))', () => {
    const lut = buildStretchLut(limits, 'log', SIZE, { a: 10 });
    const want = ref.luts['log_a10']!;
    for (let i = 0; i < SIZE; i += 97) assert.ok(Math.abs(lut[i]! - want[i]!) <= 1e-7);
  });
});

describe('renderToBytes edge cases', () => {
  const lut = buildStretchLut({ min: 0, max: 10 }, 'linear');
  test('NaN and BLANK pixels render as 0, values beyond the limits clamp to 0 and 255', () => {
    const f = renderToBytes({ pixels: new Float32Array([NaN, -5, 0, 5, 10, 99]), width: 6, height: 1 }, { min: 0, max: 10 }, lut);
    assert.deepEqual(Array.from(f), [0, 0, 0, 128, 255, 255]);
    const b = renderToBytes({ pixels: new Int16Array([-1, 10, 0]), width: 3, height: 1, blank: -1 }, { min: 0, max: 10 }, lut);
    assert.deepEqual(Array.from(b), [0, 255, 0]);
  });
  test('writes into a caller buffer, and a byte LUT gives the same picture as a float LUT', () => {
    const view: PixelView = { pixels: new Uint16Array([0, 3, 7, 10]), width: 2, height: 2 };
    const out = new Uint8Array(4);
    assert.equal(renderToBytes(view, { min: 0, max: 10 }, lut, out), out);
    assert.deepEqual(renderToBytes(view, { min: 0, max: 10 }, lutToBytes(lut)), out);
  });
  test('equal limits make a step at the limit instead of dividing by zero', () => {
    const bytes = renderToBytes({ pixels: new Float64Array([4, 5, 6]), width: 3, height: 1 }, { min: 5, max: 5 }, lut);
    assert.deepEqual(Array.from(bytes), [0, 0, 255]);
  });
  test('bad transfer parameters, sizes and limits are BAD_ARGUMENT errors', () => {
    const isBad = (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT';
    assert.throws(() => buildStretchLut({ min: 0, max: 1 }, 'asinh', 100, { a: 2 }), isBad);
    assert.throws(() => buildStretchLut({ min: 0, max: 1 }, 'log', 100, { a: -1 }), isBad);
    assert.throws(() => buildStretchLut({ min: 0, max: 1 }, 'linear', 1), isBad);
    assert.throws(() => buildStretchLut({ min: NaN, max: 1 }, 'linear'), isBad);
    assert.throws(() => buildStretchLut({ min: 0, max: 1 }, 'gamma' as Transfer), isBad);
  });
});
