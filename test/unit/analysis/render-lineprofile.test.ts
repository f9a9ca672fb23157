import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { makeLineProfileDisplay } from '../../../native-workers/analysis/lineprofile-display.js';
import { AnalysisError } from '../../../native-workers/analysis/types.js';

test('the line-profile display is a PNG with the frame on top, the line drawn in red, and the plot beneath', async () => {
  const width = 200;
  const height = 100;
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 100 + (i % 7);
  const png = await makeLineProfileDisplay({ pixels, width, height }, { x: 20, y: 50 }, { x: 180, y: 50 }, { size: 200, plotHeight: 150 });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.width, 360, 'a small frame gets a plot at least 360 px wide');
  assert.equal(info.height, 100 + 150);
  const at = (x: number, y: number): number[] => Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
  // frame row 50 of 100 is picture row 49.5: the red line covers rows 49..50 between x = 80+20 and 80+180
  const [r, g, b] = at(80 + 100, 49);
  assert.ok(r! > 200 && g! < 100 && b! < 100, `line pixel is red: ${r},${g},${b}`);
  const [r2, g2, b2] = at(80 + 100, 20);
  assert.ok(Math.abs(r2! - g2!) < 5 && Math.abs(g2! - b2!) < 5, 'frame pixels away from the line are grey');
  let yellow = 0;
  for (let y = 100; y < 250; y++) for (let x = 0; x < 360; x++) {
    const [rr, gg, bb] = at(x, y);
    if (rr! > 200 && gg! > 150 && bb! < 120) yellow++;
  }
  assert.ok(yellow > 100, `the profile is plotted beneath (${yellow} plot pixels)`);
});

test('a line leaving the frame is sampled as the analysis engine does (outside = -1) without failing; a bad view is refused', async () => {
  const view = { pixels: new Float32Array(64).fill(5), width: 8, height: 8 };
  const png = await makeLineProfileDisplay(view, { x: -4, y: 2 }, { x: 12, y: 2 });
  assert.equal((await sharp(png).metadata()).format, 'png');
  await assert.rejects(
    makeLineProfileDisplay({ pixels: new Float32Array(3), width: 8, height: 8 }, { x: 0, y: 0 }, { x: 1, y: 1 }),
    (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT',
  );
});

test('a very long line is plotted without choking (more samples than plot pixels)', async () => {
  const view = { pixels: Float32Array.from({ length: 300 * 300 }, (_, i) => i % 300), width: 300, height: 300 };
  // 3 × 10^5 samples, most of them outside the frame (cval −1)
  const png = await makeLineProfileDisplay(view, { x: 0, y: 0 }, { x: 300_000, y: 0 }, { size: 128 });
  assert.equal((await sharp(png).metadata()).format, 'png');
});
