/**
 * Every Paper II projection, and rotations/axis orders/systems, against astropy.wcs: headers written by
 * astropy, grids across (and beyond) each image, within 1 mas forward and 0.001 px back; null exactly where
 * astropy gives NaN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ORIENTATION_CASES, PROJECTION_CASES } from './cases.js';
import { astropyGrids, compareWithAstropy } from './reference.js';

const grids = astropyGrids([...PROJECTION_CASES, ...ORIENTATION_CASES]);

for (const grid of grids) {
  test(`${grid.name}: pixel ↔ world equals astropy within 1 mas and 0.001 px`, () => {
    const problems = compareWithAstropy(grid);
    assert.equal(problems.length, 0, `${problems.length} disagreements:\n${problems.slice(0, 12).join('\n')}`);
  });
}
