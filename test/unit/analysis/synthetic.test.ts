import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { AnalysisError } from '../../../native-workers/analysis/types.js';
import { requirePython, runPython } from '../../helpers/python.js';

test('the same seed gives the same frame, another seed another frame', () => {
  const a = generateSyntheticFrame({ width: 64, height: 48, seed: 42 });
  const b = generateSyntheticFrame({ width: 64, height: 48, seed: 42 });
  const c = generateSyntheticFrame({ width: 64, height: 48, seed: 43 });
  assert.deepEqual(a.pixels, b.pixels);
  assert.deepEqual(a.stars, b.stars);
  assert.deepEqual(a.cards, b.cards);
  assert.notDeepEqual(a.pixels, c.pixels);
});

test('sky level and noise follow the gain and read noise (Poisson sky + Gaussian read noise)', () => {
  const sky = 800;
  const gain = 2;
  const readNoise = 6;
  const f = generateSyntheticFrame({ width: 200, height: 200, seed: 1, sky, gain, readNoise, stars: 0, hotPixels: 0, bitpix: -32 });
  assert.ok(f.pixels instanceof Float32Array);
  let sum = 0;
  for (const v of f.pixels) sum += v;
  const mean = sum / f.pixels.length;
  let ss = 0;
  for (const v of f.pixels) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / f.pixels.length);
  const expected = Math.sqrt(sky * gain + readNoise ** 2) / gain;
  assert.ok(Math.abs(mean - sky) < 0.5, `mean ${mean}`);
  assert.ok(Math.abs(std - expected) / expected < 0.02, `std ${std} vs ${expected}`);
});

test('stars carry their flux, saturated stars clip at the saturation level, hot pixels are single', () => {
  const f = generateSyntheticFrame({ width: 128, height: 128, seed: 5, stars: 1, saturatedStars: 1, hotPixels: 3, readNoise: 0, sky: 100, minSeparationPx: 40 });
  const [star, bright] = f.stars;
  assert.equal(star!.saturated, false);
  assert.equal(bright!.saturated, true);
  let flux = 0;
  for (let y = Math.round(star!.y) - 10; y <= Math.round(star!.y) + 10; y++) {
    for (let x = Math.round(star!.x) - 10; x <= Math.round(star!.x) + 10; x++) flux += f.pixels[y * 128 + x]! - 100;
  }
  assert.ok(Math.abs(flux - star!.flux) / star!.flux < 0.03, `flux ${flux} vs ${star!.flux}`);
  assert.equal(f.pixels[Math.round(bright!.y) * 128 + Math.round(bright!.x)], 65535);
});

test('the header is realistic and its TAN WCS puts CRVAL at the image centre, as astropy reads it', () => {
  requirePython('astropy');
  const dateObs = new Date(Date.UTC(2026, 2, 3, 5, 6, 7));
  const f = generateSyntheticFrame({ width: 100, height: 80, seed: 2, dateObs, object: 'M 51', filter: 'g', exptime: 45, raDeg: 202.47, decDeg: 47.2, pixelScaleArcsec: 0.5 });
  const get = (k: string): unknown => f.cards.find((c) => c.key === k)?.value;
  for (const k of ['DATE-OBS', 'EXPTIME', 'FILTER', 'OBJECT', 'TELESCOP', 'INSTRUME', 'SITE', 'SITELAT', 'SITELONG', 'AIRMASS', 'GAIN', 'RDNOISE', 'SATURATE', 'CTYPE1', 'CTYPE2', 'CRVAL1', 'CRVAL2', 'CRPIX1', 'CRPIX2', 'CD1_1', 'CD1_2', 'CD2_1', 'CD2_2']) {
    assert.notEqual(get(k), undefined, `card ${k}`);
  }
  assert.equal(get('DATE-OBS'), '2026-03-03T05:06:07.000');
  assert.deepEqual([get('OBJECT'), get('FILTER'), get('EXPTIME'), get('CTYPE1'), get('CTYPE2')], ['M 51', 'g', 45, 'RA---TAN', 'DEC--TAN']);
  const airmass = get('AIRMASS') as number;
  assert.ok(airmass >= 1 && airmass < 12);
  const ref = runPython<{ center: number[]; corner: number[]; scale: number }>(
    `import sys, json
from astropy.io import fits
from astropy.wcs import WCS
cards = json.load(sys.stdin)
h = fits.Header()
for c in cards:
    h[c['key']] = c['value']
w = WCS(h)
c = w.pixel_to_world_values(49.5, 39.5)
k = w.pixel_to_world_values(0, 0)
print(json.dumps({'center': [float(c[0]), float(c[1])], 'corner': [float(k[0]), float(k[1])], 'scale': float(abs(w.pixel_scale_matrix[1][1]) * 3600)}))`,
    f.cards.map((c) => ({ key: c.key, value: c.value })),
  );
  assert.ok(Math.abs(ref.center[0]! - 202.47) < 1e-9 && Math.abs(ref.center[1]! - 47.2) < 1e-9, `centre ${ref.center}`);
  assert.ok(Math.abs(ref.scale - 0.5) < 1e-9);
  assert.ok(ref.corner[0]! > 202.47, 'east is to the left: pixel 0 has the larger RA');
});

test('impossible sizes are refused with BAD_ARGUMENT', () => {
  assert.throws(() => generateSyntheticFrame({ width: 0, height: 10, seed: 1 }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
  assert.throws(() => generateSyntheticFrame({ width: 1e6, height: 1e6, seed: 1 }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
});
