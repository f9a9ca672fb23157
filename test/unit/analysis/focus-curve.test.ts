/**
 * The focus V-curve fit: exact recovery on a noiseless hyperbola, outlier rejection, clear
 * errors for too few frames and for a curve without a minimum in range, the focus-run finder,
 * and the goal: frames whose stars follow a known hyperbola, measured by the quality kernel,
 * give best focus within 0.2 of the step and every FWHM within 5 % of the truth.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FocusFitError, fitFocusCurve, hyperbolaFwhm, latestFocusRun } from '../../../native-workers/analysis/focus-curve.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { measureQuality } from '../../../native-workers/analysis/quality.js';
import { createRandom } from '../../../native-workers/analysis/random.js';
import { requirePython, runPython } from '../../helpers/python.js';

const TRUTH = { a: 2.3, b: 0.004, f0: 12345.6 };
const focuserSteps = (start: number, step: number, count: number) => Array.from({ length: count }, (_, i) => start + i * step);

test('a noiseless hyperbola is recovered exactly, with a vanishing uncertainty', () => {
  const points = focuserSteps(11600, 250, 7).map((focus) => ({ focus, fwhmPx: hyperbolaFwhm(focus, TRUTH) }));
  const r = fitFocusCurve(points);
  assert.ok(Math.abs(r.fit.a - TRUTH.a) < 1e-6, `a ${r.fit.a}`);
  assert.ok(Math.abs(r.fit.b - TRUTH.b) < 1e-9, `b ${r.fit.b}`);
  assert.ok(Math.abs(r.bestFocus - TRUTH.f0) < 1e-4, `f0 ${r.bestFocus}`);
  assert.ok(r.bestFocusError < 1e-3, `error ${r.bestFocusError}`);
  assert.equal(r.minFwhmPx, r.fit.a);
  assert.deepEqual(r.used, points.map(() => true));
});

test('noisy points give an f0 error that covers the truth, and a wild point is rejected', () => {
  const rng = createRandom(7);
  let covered = 0;
  const trials = 40;
  for (let t = 0; t < trials; t++) {
    const points = focuserSteps(11600, 150, 11).map((focus) => ({ focus, fwhmPx: hyperbolaFwhm(focus, TRUTH) * (1 + 0.02 * rng.normal()) }));
    const r = fitFocusCurve(points);
    if (Math.abs(r.bestFocus - TRUTH.f0) <= 2 * r.bestFocusError) covered++;
  }
  assert.ok(covered >= 0.85 * trials, `2σ interval covered the truth in ${covered}/${trials} trials`);

  const points = focuserSteps(11600, 150, 11).map((focus) => ({ focus, fwhmPx: hyperbolaFwhm(focus, TRUTH) }));
  points[3] = { ...points[3]!, fwhmPx: points[3]!.fwhmPx * 1.8 }; // a gust, a satellite, a bad frame
  const r = fitFocusCurve(points);
  assert.equal(r.used[3], false, 'the outlier is not used');
  assert.equal(r.used.filter(Boolean).length, 10);
  assert.ok(Math.abs(r.bestFocus - TRUTH.f0) < 0.01, `f0 ${r.bestFocus}`);
});

test('fewer than 5 frames with a focus value, or a curve with no minimum inside the range, fail and say which', () => {
  const four = focuserSteps(12000, 200, 4).map((focus) => ({ focus, fwhmPx: hyperbolaFwhm(focus, TRUTH) }));
  assert.throws(() => fitFocusCurve(four), (e: unknown) => e instanceof FocusFitError && e.code === 'TOO_FEW_POINTS' && /at least 5 frames/.test(e.message));
  const nanFocus = [...four, { focus: Number.NaN, fwhmPx: 3 }];
  assert.throws(() => fitFocusCurve(nanFocus), { code: 'TOO_FEW_POINTS' });
  // All on one side of best focus: FWHM only falls.
  const oneSide = focuserSteps(10000, 200, 7).map((focus) => ({ focus, fwhmPx: hyperbolaFwhm(focus, TRUTH) }));
  assert.throws(() => fitFocusCurve(oneSide), (e: unknown) => e instanceof FocusFitError && e.code === 'NO_MINIMUM' && /no minimum/.test(e.message));
  // A hump, not a V.
  const hump = focuserSteps(12000, 100, 7).map((focus, i) => ({ focus, fwhmPx: 6 - Math.abs(i - 3) }));
  assert.throws(() => fitFocusCurve(hump), { code: 'NO_MINIMUM' });
});

test('the latest focus run is the last one-way sweep of at least 5 changing focus values', () => {
  const f = [1217, 1217, 1170, 1185, 1200, 1215, 1230, 1245, 1260, 1217, 1217, null, 1300, 1290, 1280, 1270, 1260, 1250, 1217];
  assert.deepEqual(latestFocusRun(f), [12, 13, 14, 15, 16, 17, 18]);
  assert.deepEqual(latestFocusRun(f.slice(0, 11)), [2, 3, 4, 5, 6, 7, 8], 'sweep 1170…1260, the best-focus frames around it excluded');
  assert.deepEqual(latestFocusRun([1, 2, 3, 4]), []);
  assert.deepEqual(latestFocusRun([5, 5, 5, 5, 5, 5]), []);
});

test('goal: frames with stars on a known hyperbola → best focus within 0.2 step, each FWHM within 5 %', () => {
  const truth = { a: 2.4, b: 0.12, f0: 1217.3 };
  const step = 15;
  const focus = focuserSteps(1170, step, 7);
  const points = focus.map((f, i) => {
    const frame = generateSyntheticFrame({ width: 512, height: 512, seed: 100 + i, stars: 40, fwhmPx: hyperbolaFwhm(f, truth), sky: 700, hotPixels: 5, minSeparationPx: 30 });
    const q = measureQuality({ pixels: frame.pixels, width: frame.width, height: frame.height });
    return { focus: f, fwhmPx: q.fwhmMedianPx!, truth: hyperbolaFwhm(f, truth), stars: q.starCount };
  });
  for (const p of points) {
    assert.ok(p.stars >= 20, `${p.stars} stars at focus ${p.focus}`);
    assert.ok(Math.abs(p.fwhmPx / p.truth - 1) < 0.05, `FWHM ${p.fwhmPx.toFixed(3)} vs truth ${p.truth.toFixed(3)} at focus ${p.focus}`);
  }
  const r = fitFocusCurve(points);
  assert.ok(Math.abs(r.bestFocus - truth.f0) < 0.2 * step, `best focus ${r.bestFocus.toFixed(2)} ± ${r.bestFocusError.toFixed(2)} vs ${truth.f0}`);
  assert.ok(Math.abs(r.minFwhmPx - truth.a) < 0.05 * truth.a, `min FWHM ${r.minFwhmPx}`);
});

test('the FWHM the focus curve uses agrees with astropy Gaussian2D fits of the same stars within 3 %', () => {
  requirePython('astropy', 'numpy');
  for (const fwhm of [2.4, 4.1, 6.2]) {
    const frame = generateSyntheticFrame({ width: 384, height: 384, seed: Math.round(fwhm * 10), stars: 25, fwhmPx: fwhm, sky: 700, hotPixels: 0, minSeparationPx: 40 });
    const q = measureQuality({ pixels: frame.pixels, width: frame.width, height: frame.height });
    const half = Math.ceil(2.5 * fwhm);
    const cutouts = q.sources.slice(0, 12).map((s) => {
      const x0 = Math.round(s.x) - half;
      const y0 = Math.round(s.y) - half;
      const rows: number[][] = [];
      for (let y = y0; y <= y0 + 2 * half; y++) rows.push(Array.from(frame.pixels.subarray(y * frame.width + x0, y * frame.width + x0 + 2 * half + 1)));
      return { rows, x: s.x - x0, y: s.y - y0 };
    });
    const reference = runPython<number>(
      `
import sys, json, numpy as np
from astropy.modeling import models, fitting
job = json.load(sys.stdin)
fw = []
for c in job['cutouts']:
    d = np.array(c['rows'], dtype=float)
    y, x = np.mgrid[:d.shape[0], :d.shape[1]]
    m0 = models.Gaussian2D(d.max() - job['sky'], c['x'], c['y'], 1.5, 1.5) + models.Const2D(job['sky'])
    fit = fitting.LevMarLSQFitter()(m0, x, y, d)
    g = fit[0]
    fw.append(2.3548200450309493 * np.sqrt(abs(g.x_stddev.value * g.y_stddev.value)))
print(json.dumps(float(np.median(fw))))
`,
      { cutouts, sky: q.background },
    );
    assert.ok(Math.abs(q.fwhmMedianPx! / reference - 1) < 0.03, `kernel ${q.fwhmMedianPx} vs astropy ${reference} (truth ${fwhm})`);
  }
});
