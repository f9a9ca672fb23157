/** Picking a star of the overlay under the cursor (renderer/src/lib/star-overlay.ts): nearest mark, saturated squares, misses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { circleRadius, pickStar, squareHalf } from '../../../renderer/src/lib/star-overlay.js';
import { imageToScreen } from '../../../renderer/src/lib/view-transform.js';

const image = { width: 200, height: 100 };
const t = { scale: 2, panX: 10, panY: 5 };
const stars = [
  { x: 20, y: 30, fwhmPx: 3 },
  { x: 24, y: 30, fwhmPx: 3 },
  { x: 150, y: 80, fwhmPx: 5 },
];
const saturated = [{ x: 100, y: 50, areaPx: 60 }];
const at = (x: number, y: number) => imageToScreen(t, image, x + 0.5, y + 0.5);

test('the nearest star whose circle holds the cursor is picked; between marks nothing is', () => {
  const p = at(23, 30);
  assert.deepEqual(pickStar(t, image, stars, saturated, p.sx, p.sy), { kind: 'star', index: 1 });
  const q = at(150.6, 80.4);
  assert.deepEqual(pickStar(t, image, stars, saturated, q.sx, q.sy), { kind: 'star', index: 2 });
  const far = at(60, 10);
  assert.equal(pickStar(t, image, stars, saturated, far.sx, far.sy), null);
  assert.equal(circleRadius(3, 2), 9);
  assert.equal(circleRadius(1, 0.1), 5, 'never smaller than 5 screen pixels');
});

test('a saturated star is picked inside its square', () => {
  const h = squareHalf(60, t.scale);
  const c = at(100, 50);
  assert.deepEqual(pickStar(t, image, stars, saturated, c.sx + h - 1, c.sy - h + 1), { kind: 'saturated', index: 0 });
  assert.equal(pickStar(t, image, stars, saturated, c.sx + h + 2, c.sy), null);
});
