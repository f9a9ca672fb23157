import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lateFrameQueries, nightPrefixOf, recordKeys, MAX_LATE_PREFIXES } from '../../../electron/host/sources/night-cursors.js';

test('a Photon Ranch key splits into its site-instrument-night prefix and night; other names give null', () => {
  assert.deepEqual(nightPrefixOf('data/tst-test-20201112-00000058-EX10.fits.bz2'), { prefix: 'data/tst-test-20201112-', night: '20201112' });
  assert.equal(nightPrefixOf('data/flat_0001.fits'), null);
});

test('after the date changes, the previous night is re-checked after its own last key', () => {
  let c = recordKeys({}, ['data/tst-cam-20201112-00000001-EX00.fits', 'data/tst-cam-20201112-00000002-EX00.fits']);
  c = recordKeys(c, ['data/tst-cam-20201113-00000001-EX00.fits']);
  const lastKey = 'data/tst-cam-20201113-00000001-EX00.fits';
  assert.deepEqual(lateFrameQueries(c, lastKey), [{ prefix: 'data/tst-cam-20201112-', startAfter: 'data/tst-cam-20201112-00000002-EX00.fits' }]);
});

test('a second instrument whose names sort before the newest key is re-checked too', () => {
  const c = recordKeys({}, ['data/aaa-cam2-20201113-00000004-EX00.fits', 'data/tst-cam-20201113-00000009-EX00.fits']);
  const q = lateFrameQueries(c, 'data/tst-cam-20201113-00000009-EX00.fits');
  assert.deepEqual(q.map((x) => x.prefix), ['data/aaa-cam2-20201113-']);
});

test('nights older than the one before the newest are forgotten, and the re-checks are bounded', () => {
  let c = recordKeys({}, ['data/tst-cam-20201110-00000001-EX00.fits']);
  c = recordKeys(c, ['data/tst-cam-20201113-00000001-EX00.fits']);
  assert.deepEqual(Object.keys(c), ['data/tst-cam-20201113-']);
  const many = Array.from({ length: 20 }, (_, i) => `data/s${String(i).padStart(2, '0')}-cam-20201113-00000001-EX00.fits`);
  assert.equal(lateFrameQueries(recordKeys({}, many), undefined).length, MAX_LATE_PREFIXES);
});
