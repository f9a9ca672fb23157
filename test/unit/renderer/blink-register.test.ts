/**
 * Blink registration (renderer/src/lib/blink-register.ts) on two dithered frames of one star
 * field: through their WCS (the shared module) the stars of B land on those of A, at full
 * resolution and on binned previews; pixel for pixel they stay offset by the dither.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { measureQuality } from '../../../native-workers/analysis/quality.js';
import { lookupFromRecord, readCelestialWcs } from '../../../native-workers/wcs/index.js';
import { difference, identityMap, resampleOnto, wcsPixelMap, type PreviewGrid } from '../../../renderer/src/lib/blink-register.js';

const SIZE = 400;
const SCALE = 0.6;
const [RA0, DEC0] = [150.1, 2.2];

function frame(seed: number, dither: [number, number]) {
  const [dx, dy] = dither;
  const raDeg = RA0 + (dx * SCALE) / 3600 / Math.cos((DEC0 * Math.PI) / 180);
  const decDeg = DEC0 - (dy * SCALE) / 3600;
  const f = generateSyntheticFrame({ width: SIZE, height: SIZE, seed, fieldSeed: 77, fieldOffsetPx: dither, stars: 40, hotPixels: 0, fwhmPx: 4, minSeparationPx: 25, raDeg, decDeg, pixelScaleArcsec: SCALE, bitpix: -32 });
  const record: Record<string, unknown> = {};
  for (const c of f.cards) record[c.key] = c.value;
  return { pixels: Float32Array.from(f.pixels), wcs: readCelestialWcs(lookupFromRecord(record))! };
}

function binned(pixels: Float32Array, bin: number): PreviewGrid {
  const w = Math.floor(SIZE / bin);
  const out = new Float32Array(w * w);
  for (let r = 0; r < w; r++) for (let c = 0; c < w; c++) {
    let s = 0;
    for (let y = 0; y < bin; y++) for (let x = 0; x < bin; x++) s += pixels[(r * bin + y) * SIZE + c * bin + x]!;
    out[r * w + c] = s / (bin * bin);
  }
  return { pixels: out, width: w, height: w, binFactor: bin, region: { x0Px: 0, y0Px: 0, x1Px: w * bin, y1Px: w * bin } };
}

/** Mean distance from each star of `a` to the nearest star of `b` (preview pixels). */
function starOffset(grid: PreviewGrid, other: Float32Array): number {
  const fill = (p: Float32Array) => p.map((v) => (Number.isFinite(v) ? v : 1000));
  const qa = measureQuality({ pixels: fill(grid.pixels), width: grid.width, height: grid.height }, { edgeMarginPx: 6 });
  const qb = measureQuality({ pixels: fill(other), width: grid.width, height: grid.height }, { edgeMarginPx: 6 });
  assert.ok(qa.starCount >= 8 && qb.starCount >= 8, `${qa.starCount} / ${qb.starCount} stars`);
  const d = qa.sources.map((s) => Math.min(...qb.sources.map((t) => Math.hypot(s.x - t.x, s.y - t.y))));
  d.sort((p, q) => p - q);
  return d[Math.floor(d.length / 2)]!;
}

test('through the WCS the stars of B fall on those of A; pixel for pixel they do not', () => {
  const a = frame(1, [0, 0]);
  const b = frame(2, [9, -6]);
  for (const bin of [1, 2]) {
    const ga = binned(a.pixels, bin);
    const gb = binned(b.pixels, bin);
    const registered = resampleOnto(ga, gb, wcsPixelMap(a.wcs, b.wcs));
    const raw = resampleOnto(ga, gb, identityMap);
    const onSky = starOffset(ga, registered);
    const asIs = starOffset(ga, raw);
    assert.ok(onSky < 0.25, `bin ${bin}: registered stars ${onSky.toFixed(3)} preview px from A's`);
    assert.ok(asIs > 8 / bin, `bin ${bin}: unregistered stars ${asIs.toFixed(2)} px away (the dither)`);
  }
});

test('difference is A − B with a symmetric limit; B outside A is NaN', () => {
  const a = frame(1, [0, 0]);
  const b = frame(1, [0, 0]);
  const ga = binned(a.pixels, 1);
  const same = resampleOnto(ga, binned(b.pixels, 1), wcsPixelMap(a.wcs, b.wcs));
  const d = difference(ga.pixels, same);
  let maxAbs = 0;
  for (const v of d.pixels) if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
  assert.ok(maxAbs < 1e-3, `same frame: |A − B| ≤ ${maxAbs}`);
  assert.ok(d.limit > 0);
  const shifted = resampleOnto(ga, binned(b.pixels, 1), (x, y) => [x + 100, y]);
  assert.ok(Number.isNaN(shifted[5 * SIZE + SIZE - 10]!), 'beyond B’s right edge');
  assert.ok(Number.isFinite(shifted[5 * SIZE + 10]!));
});
