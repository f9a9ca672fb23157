/** Grading rules: each criterion gives its reason, null switches it off, overrides win, bad criteria are named. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GRADING_CRITERIA, criteriaProblems, gradeFrame, gradeNight, medianSky } from '../../../native-workers/analysis/grading.js';

const ok = { id: 1, fwhmPx: 3, elongation: 1.05, starCount: 50, sky: 1000 };

test('each criterion fails a frame with its own reason; null switches it off', () => {
  const c = { ...DEFAULT_GRADING_CRITERIA, maxSkyAdu: 3000 };
  assert.deepEqual(gradeFrame(ok, c, 1000), { auto: 'good', reasons: [] });
  assert.deepEqual(gradeFrame({ ...ok, fwhmPx: 6.25 }, c, 1000).reasons, ['FWHM 6.25 px > 5']);
  assert.deepEqual(gradeFrame({ ...ok, elongation: 2.5 }, c, 1000).reasons, ['elongation 2.50 > 1.50']);
  assert.deepEqual(gradeFrame({ ...ok, starCount: 3 }, c, 1000).reasons, ['3 stars < 10']);
  assert.deepEqual(gradeFrame({ ...ok, sky: 2500 }, c, 1000).reasons, ["sky 2.5× the night's median > 2×"]);
  assert.deepEqual(gradeFrame({ ...ok, sky: 3500 }, { ...c, maxSkyOverMedian: null }, 1000).reasons, ['sky 3500 ADU > 3000']);
  assert.deepEqual(gradeFrame({ ...ok, fwhmPx: 9, starCount: 1 }, { ...c, maxFwhmPx: null, minStars: null }, 1000).auto, 'good');
  assert.deepEqual(gradeFrame({ ...ok, fwhmPx: null, starCount: 0 }, c, 1000).reasons, ['no FWHM: no star measured', '0 stars < 10']);
  assert.deepEqual(gradeFrame({ id: 2, fwhmPx: null, elongation: null, starCount: null, sky: null }, c, 1000), { auto: 'pending', reasons: ['not measured yet'] });
});

test('the night median sky, and overrides over the automatic verdict', () => {
  const frames = [ok, { ...ok, id: 2, sky: 900 }, { ...ok, id: 3, sky: 5000 }, { ...ok, id: 4, sky: null, starCount: null }];
  assert.equal(medianSky(frames), 1000);
  const g = gradeNight(frames, DEFAULT_GRADING_CRITERIA, new Map([[1, 'bad' as const], [3, 'good' as const]]));
  assert.deepEqual(g.grades.map((x) => [x.verdict, x.auto, x.override]), [['bad', 'good', 'bad'], ['good', 'good', null], ['good', 'bad', 'good'], ['pending', 'pending', null]]);
});

test('criteria problems name the field', () => {
  assert.deepEqual(criteriaProblems({ maxFwhmPx: 4, minStars: null }), []);
  assert.deepEqual(criteriaProblems({ maxFwhmPx: -1, maxElongation: 0.9, minStars: Number.NaN as unknown as number }), [
    'maxFwhmPx must be a positive number or null, got -1',
    'maxElongation must be at least 1 (a round star), got 0.9',
    'minStars must be a positive number or null, got null',
  ]);
});
