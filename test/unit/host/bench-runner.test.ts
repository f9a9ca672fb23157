/** The benchmark runner's table: goals as ratios or absolute times are judged correctly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goalMet, formatTable } from '../../bench/run.js';

test('goals read as ratios, milliseconds or rates decide the met? column', () => {
  const row = { name: 'x', ours_ms: 15, reference: 'ref', reference_ms: 100, ratio: 0.15 };
  assert.equal(goalMet({ ...row, goal: '≤ 0.2×' }), true);
  assert.equal(goalMet({ ...row, goal: '≤ 0.1×' }), false);
  assert.equal(goalMet({ ...row, goal: '≤ 20 ms' }), true);
  assert.equal(goalMet({ ...row, goal: '≤ 10 ms' }), false);
  assert.equal(goalMet({ ...row, goal: '≥ 10 req/s' }), true);
  assert.equal(goalMet({ ...row, ours_ms: 550, goal: '≤ 600 MB' }), true);
  assert.equal(goalMet({ ...row, ours_ms: 1320, goal: '≤ 600 MB' }), false);
  assert.equal(goalMet(row), null);
  const table = formatTable([{ ...row, goal: '≤ 0.1×' }]).split('\n');
  assert.match(table[0]!, /^name \| ours ms \| reference \| ref ms \| ratio \| goal\s*\| met\?/);
  assert.match(table[2]!, /\| NO\s*$/);
});
