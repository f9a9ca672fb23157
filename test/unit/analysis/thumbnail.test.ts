import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { makeThumbnail } from '../../../native-workers/analysis/thumbnail.js';
import { medianFilter3x3 } from '../../../native-workers/analysis/median-filter.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { AnalysisError } from '../../../native-workers/analysis/types.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { createRandom } from '../../../native-workers/analysis/random.js';

/** A frame that grows brighter upwards: row 0 (bottom of the picture) is black. */
function gradientFrame(width: number, height: number): { pixels: Float32Array; width: number; height: number } {
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) pixels.fill(y, y * width, (y + 1) * width);
  return { pixels, width, height };
}

/** Pixels whose three channels are all ≥ 230 inside a box of the decoded image (x0,y0 from the top left). */
async function whitePixels(png: Buffer, box: { x0: number; y0: number; x1: number; y1: number }): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * info.width + x) * info.channels;
      if (Array.from({ length: info.channels }, (_, c) => data[i + c]!).every((v) => v >= 230)) n++;
    }
  }
  return n;
}

describe('makeThumbnail', () => {
  test('a JPEG thumbnail decodes back at the requested width with the aspect kept', async () => {
    const frame = generateSyntheticFrame({ width: 256, height: 128, seed: 3, stars: 10 });
    const jpeg = await makeThumbnail(frame, { width: 100, quality: 70 });
    const meta = await sharp(jpeg).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, 100);
    assert.equal(meta.height, 50);
    const png = await makeThumbnail(frame, { width: 64, height: 64, format: 'png', median: true, stretch: 'percentile' });
    const pmeta = await sharp(png).metadata();
    assert.deepEqual([pmeta.format, pmeta.width, pmeta.height], ['png', 64, 32]);
  });

  test('without a size the thumbnail fits inside 512 × 512', async () => {
    const meta = await sharp(await makeThumbnail(gradientFrame(1024, 600), { stretch: 'minmax' })).metadata();
    assert.deepEqual([meta.width, meta.height], [512, 300]);
  });

  test('the label puts white pixels in the lower-left corner, and nothing white is there without it', async () => {
    const frame = gradientFrame(200, 200);
    const box = { x0: 0, y0: 170, x1: 100, y1: 200 };
    const plain = await makeThumbnail(frame, { width: 200, stretch: 'minmax', format: 'png' });
    const labelled = await makeThumbnail(frame, { width: 200, stretch: 'minmax', format: 'png', label: 'NGC 7000 r 30s' });
    assert.equal(await whitePixels(plain, box), 0);
    assert.ok((await whitePixels(labelled, box)) > 40, 'label text drawn in white at the lower left');
    // and the label stays in its corner: the upper-left is untouched (dark rows are at the bottom, bright at the top)
    const upperRight = { x0: 150, y0: 170, x1: 200, y1: 200 };
    assert.equal(await whitePixels(labelled, upperRight), 0);
  });

  test('the picture is upright as DS9 shows it: bright last rows at the top', async () => {
    const png = await makeThumbnail(gradientFrame(64, 64), { width: 64, stretch: 'minmax', format: 'png' });
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    assert.ok(data[0]! > 240, 'top-left is white');
    assert.ok(data[(info.height - 1) * info.width]! < 15, 'bottom-left is black');
  });

  test('quality outside 1..100 is a BAD_ARGUMENT error', async () => {
    await assert.rejects(makeThumbnail(gradientFrame(8, 8), { quality: 0 }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
  });
});

describe('medianFilter3x3', () => {
  test('equals scipy.ndimage.median_filter(size=3) away from the edges', () => {
    requirePython('scipy');
    const width = 20;
    const height = 15;
    const rng = createRandom(5);
    const values = Float32Array.from({ length: width * height }, () => Math.round(100 * rng.uniform()));
    const ours = medianFilter3x3(values, width, height);
    const ref = runPython<number[][]>(
      `import sys, json, numpy as np
from scipy.ndimage import median_filter
d = json.load(sys.stdin)
a = np.array(d['v'], dtype=np.float64).reshape(d['h'], d['w'])
print(json.dumps(median_filter(a, size=3).tolist()))`,
      { v: Array.from(values), w: width, h: height },
    );
    for (let y = 1; y < height - 1; y++) {
      for (let x = 1; x < width - 1; x++) assert.equal(ours[y * width + x], ref[y]![x], `(${x}, ${y})`);
    }
  });

  test('a lone hot pixel disappears and NaNs are skipped', () => {
    const values = new Float32Array(25).fill(10);
    values[12] = 60000;
    values[6] = NaN;
    const out = medianFilter3x3(values, 5, 5);
    assert.equal(out[12], 10);
    assert.equal(out[6], 10);
  });
});
