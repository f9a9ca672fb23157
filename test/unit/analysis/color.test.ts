import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { makeColorComposite } from '../../../native-workers/analysis/color.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { AnalysisError } from '../../../native-workers/analysis/types.js';

test('frames of different shapes are refused with a BAD_ARGUMENT error', async () => {
  const a = generateSyntheticFrame({ width: 64, height: 64, seed: 1 });
  const b = generateSyntheticFrame({ width: 64, height: 32, seed: 2 });
  await assert.rejects(makeColorComposite(a, a, b), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT' && /blue is 64×32/.test(e.message));
  await assert.rejects(makeColorComposite(a, b, a), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
});

test('each channel comes from its own frame: a star seen only in the red frame is red in the composite', async () => {
  const width = 64;
  const height = 64;
  const flat = (): Float32Array => {
    const p = new Float32Array(width * height).fill(100);
    p[0] = 200; // one brighter pixel in a corner gives the min/max stretch a range
    return p;
  };
  const red = flat();
  // a bright 5×5 block at x 10..14, FITS rows 50..54 → picture rows 9..13
  for (let y = 50; y < 55; y++) for (let x = 10; x < 15; x++) red[y * width + x] = 5000;
  const png = await makeColorComposite(
    { pixels: red, width, height },
    { pixels: flat(), width, height },
    { pixels: flat(), width, height },
    { width, format: 'png', stretch: 'minmax' },
  );
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height, info.channels], [64, 64, 3]);
  const at = (x: number, yTop: number): number[] => Array.from(data.subarray((yTop * 64 + x) * 3, (yTop * 64 + x) * 3 + 3));
  const [r, g, b] = at(12, 11);
  assert.equal(r, 255);
  assert.ok(g! < 10 && b! < 10, `green ${g} and blue ${b} stay at the dark sky level`);
  const jpeg = await makeColorComposite({ pixels: red, width, height }, { pixels: flat(), width, height }, { pixels: flat(), width, height }, { width: 32 });
  const meta = await sharp(jpeg).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ['jpeg', 32, 32, 3]);
});
