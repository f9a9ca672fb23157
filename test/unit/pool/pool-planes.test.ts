/**
 * The pool on cubes: it decodes one plane per request (never the whole cube), keeps each plane
 * under its own cache entry, answers each plane with that plane's pixels, and refuses a plane
 * the HDU does not have with BAD_ARGUMENT. The host's result cache keys by plane too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AnalysisPool, PoolError } from '../../../native-workers/pool.js';
import { writeFitsFile } from '../../../native-workers/fits/index.js';
import { resultKey } from '../../../electron/host/result-cache.js';
import { makeTempDir } from '../../helpers/tmp.js';

describe('AnalysisPool on a cube', () => {
  const tmp = makeTempDir('nightdeck-pool-planes-');
  const path = join(tmp.dir, 'cube.fits');
  const pool = new AnalysisPool({ size: 1 });
  const [w, h, depth] = [16, 12, 5];

  before(async () => {
    // Plane k holds the values 1000·k + i: each plane's statistics name it.
    const pixels = new Float32Array(w * h * depth).map((_, i) => 1000 * Math.floor(i / (w * h)) + (i % (w * h)));
    await writeFitsFile(path, [{ image: { pixels, shape: [w, h, depth] } }]);
  });
  after(async () => {
    await pool.close();
    tmp.cleanup();
  });

  test('each plane is decoded once, on its own, and cached under its own key', async () => {
    const frame = { path, version: 'v1' };
    const s0 = await pool.run('statistics', frame, {});
    const s3 = await pool.run('statistics', { ...frame, plane: 3 }, {});
    assert.deepEqual([s0.min, s0.max, s0.count], [0, w * h - 1, w * h]);
    assert.deepEqual([s3.min, s3.max, s3.count], [3000, 3000 + w * h - 1, w * h]);
    const again = await pool.run('pixel', { ...frame, plane: 3 }, { x: 1, y: 0 });
    assert.equal(again.value, 3001);
    const stats = pool.stats();
    assert.equal(stats.decodes, 2, 'plane 0 and plane 3, each once');
    assert.equal(stats.cachedBytes, 2 * w * h * 4, 'one plane of float32 per entry, not the whole cube');
  });

  test('a plane beyond the last is BAD_ARGUMENT naming the plane count', async () => {
    await assert.rejects(
      pool.run('statistics', { path, version: 'v1', plane: 5 }, {}),
      (e: unknown) => e instanceof PoolError && e.code === 'BAD_ARGUMENT' && /has 5 planes/.test(e.message),
    );
  });

  test('the host result cache keeps planes apart (and plane 0 is the default)', () => {
    const frame = { path, version: 'v1' };
    assert.notEqual(resultKey('statistics', { ...frame, plane: 1 }, {}), resultKey('statistics', frame, {}));
    assert.equal(resultKey('statistics', { ...frame, plane: 0 }, {}), resultKey('statistics', frame, {}));
  });
});
