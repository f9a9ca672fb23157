/** Saturated stars are left out of the shape medians but located, for the star overlay to mark them apart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { measureQuality } from '../../../native-workers/analysis/quality.js';

test('saturatedSources lists each saturated star at its position, and no saturated hot pixel', () => {
  const f = generateSyntheticFrame({ width: 300, height: 300, seed: 21, stars: 15, saturatedStars: 3, hotPixels: 0, fwhmPx: 3.5, minSeparationPx: 40 });
  // A lone saturated pixel (a hot pixel at the ceiling) is not a star.
  f.pixels[150 * 300 + 7] = 65535;
  const q = measureQuality({ pixels: f.pixels, width: f.width, height: f.height });
  const truth = f.stars.filter((s) => s.saturated);
  assert.equal(q.saturatedSources.length, truth.length);
  for (const s of truth) {
    const found = q.saturatedSources.find((p) => Math.hypot(p.x - s.x, p.y - s.y) < 1);
    assert.ok(found, `saturated star at ${s.x.toFixed(1)}, ${s.y.toFixed(1)} located`);
    assert.ok(found.saturatedPixels >= 3 && found.areaPx > found.saturatedPixels);
  }
  assert.equal(q.starCount, 15, 'the unsaturated stars are the measured sources');
  assert.ok(q.sources.every((s) => truth.every((t) => Math.hypot(s.x - t.x, s.y - t.y) > 3)));
});
