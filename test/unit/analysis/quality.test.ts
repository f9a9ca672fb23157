import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { measureQuality } from '../../../native-workers/analysis/quality.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { AnalysisError } from '../../../native-workers/analysis/types.js';
import { requirePython, runPython } from '../../helpers/python.js';

describe('measureQuality on synthetic stars of known FWHM', () => {
  for (const fwhmPx of [2.5, 4, 6]) {
    test(`median FWHM is within 5% of ${fwhmPx} px and every isolated unsaturated star is found`, () => {
      const frame = generateSyntheticFrame({
        width: 320,
        height: 320,
        seed: 100 + fwhmPx * 10,
        stars: 20,
        fwhmPx,
        hotPixels: 30,
        saturatedStars: 2,
        minSeparationPx: 6 * fwhmPx,
      });
      const q = measureQuality(frame);
      assert.ok(q.fwhmMedianPx !== null);
      assert.ok(Math.abs(q.fwhmMedianPx - fwhmPx) / fwhmPx < 0.05, `median FWHM ${q.fwhmMedianPx} for ${fwhmPx}`);
      const injected = frame.stars.filter((s) => !s.saturated).length;
      const placed = frame.stars.filter((s) => s.saturated).length;
      assert.ok(placed >= 1, 'the frame has saturated stars to reject');
      // hot pixels and saturated stars are not stars
      assert.equal(q.starCount, injected, `found ${q.starCount} of ${injected}`);
      assert.ok(q.elongationMedian !== null && q.elongationMedian < 1.1, `round stars, elongation ${q.elongationMedian}`);
      // every detection sits on an injected unsaturated star
      for (const s of q.sources) {
        const nearest = Math.min(...frame.stars.filter((t) => !t.saturated).map((t) => Math.hypot(t.x - s.x, t.y - s.y)));
        assert.ok(nearest < 0.5, `source at (${s.x.toFixed(1)}, ${s.y.toFixed(1)}) is ${nearest.toFixed(2)} px from a star`);
      }
    });
  }
});

describe('measureQuality background, noise and saturation', () => {
  test('background and noise agree with astropy sigma_clipped_stats and saturated pixels are counted exactly', () => {
    requirePython('astropy', 'numpy');
    const frame = generateSyntheticFrame({ width: 200, height: 160, seed: 9, stars: 15, saturatedStars: 2, hotPixels: 5 });
    const q = measureQuality(frame, { saturation: 65535 });
    const ref = runPython<{ median: number; std: number; saturated: number }>(
      `import sys, json, numpy as np
from astropy.stats import sigma_clipped_stats
d = json.load(sys.stdin)
a = np.array(d['p'], dtype=np.float64)
mean, median, std = sigma_clipped_stats(a, sigma=3, maxiters=10)
print(json.dumps({'median': float(median), 'std': float(std), 'saturated': int((a >= 65535).sum())}))`,
      { p: Array.from(frame.pixels) },
    );
    assert.ok(ref.saturated > 0);
    assert.equal(q.saturatedPixels, ref.saturated);
    assert.ok(Math.abs(q.background - ref.median) <= 0.1 * ref.std, `background ${q.background} vs ${ref.median}`);
    assert.ok(Math.abs(q.noise - ref.std) / ref.std < 0.03, `noise ${q.noise} vs ${ref.std}`);
  });

  test('a star closer to the edge than the margin is not counted', () => {
    const frame = generateSyntheticFrame({ width: 128, height: 128, seed: 4, stars: 0, hotPixels: 0 });
    const pixels = frame.pixels as Uint16Array;
    const sigma = 3 / 2.3548;
    for (const [cx, cy] of [[4, 60], [64, 64]]) {
      for (let y = cy - 8; y <= cy + 8; y++) {
        for (let x = Math.max(0, cx - 8); x <= cx + 8; x++) {
          pixels[y * 128 + x] += Math.round(5000 * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma * sigma)));
        }
      }
    }
    const q = measureQuality(frame, { edgeMarginPx: 10 });
    assert.equal(q.starCount, 1);
    assert.ok(Math.abs(q.sources[0]!.x - 64) < 0.2 && Math.abs(q.sources[0]!.y - 64) < 0.2);
    assert.ok(Math.abs(q.sources[0]!.fwhmPx - 3) < 0.15);
  });

  test('an elongated star reports its axis ratio', () => {
    const width = 96;
    const pixels = new Float32Array(width * width).fill(100);
    for (let i = 0; i < pixels.length; i++) pixels[i] += ((i * 2654435761) % 1000) / 1000 - 0.5; // tiny noise
    const [sx, sy] = [3, 1.5];
    for (let y = 0; y < width; y++) {
      for (let x = 0; x < width; x++) pixels[y * width + x] += 4000 * Math.exp(-((x - 48) ** 2) / (2 * sx * sx) - (y - 48) ** 2 / (2 * sy * sy));
    }
    const q = measureQuality({ pixels, width, height: width });
    assert.equal(q.starCount, 1);
    assert.ok(Math.abs(q.sources[0]!.elongation - 2) < 0.05, `elongation ${q.sources[0]!.elongation}`);
    assert.ok(Math.abs(q.sources[0]!.fwhmPx - 2.3548 * Math.sqrt(sx * sy)) < 0.1);
  });

  test('a frame with no valid pixels is an EMPTY_DATA error, a bad threshold BAD_ARGUMENT', () => {
    const view = { pixels: new Float32Array(16).fill(NaN), width: 4, height: 4 };
    assert.throws(() => measureQuality(view), (e: unknown) => e instanceof AnalysisError && e.code === 'EMPTY_DATA');
    assert.throws(() => measureQuality({ ...view, pixels: new Float32Array(16) }, { k: 0 }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
  });
});
