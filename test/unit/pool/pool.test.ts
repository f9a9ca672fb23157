import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { AnalysisPool, PoolError } from '../../../native-workers/pool.js';
import { writeFitsFile, loadImage } from '../../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { computeStatistics } from '../../../native-workers/analysis/statistics.js';
import { clippedHistogram } from '../../../native-workers/analysis/histogram.js';
import { lineProfile } from '../../../native-workers/analysis/profile.js';
import { measureQuality } from '../../../native-workers/analysis/quality.js';
import { binImage } from '../../../native-workers/analysis/render.js';
import { makeTempDir } from '../../helpers/tmp.js';

const isPoolError = (code: string) => (e: unknown) => e instanceof PoolError && e.code === code;

let dir: string;
let cleanup: () => void;
const paths: Record<string, string> = {};

before(async () => {
  ({ dir, cleanup } = makeTempDir('nightdeck-pool-'));
  for (const [name, seed, width, height] of [['a', 1, 256, 256], ['b', 2, 256, 256], ['c', 3, 256, 256], ['small', 4, 128, 96]] as const) {
    const f = generateSyntheticFrame({ width, height, seed, stars: 15, saturatedStars: 1 });
    paths[name] = join(dir, `${name}.fits`);
    await writeFitsFile(paths[name]!, [{ image: { pixels: f.pixels, shape: [width, height], bitpix: 16 }, cards: f.cards }]);
  }
  paths.notFits = join(dir, 'not.fits');
  writeFileSync(paths.notFits, 'this is not a FITS file at all'.repeat(200));
});
after(() => cleanup());

// One pool for everything that does not need its own configuration: workers are slow to start.
const shared = new AnalysisPool({ size: 2, testTasks: true });
after(() => shared.close());

describe('AnalysisPool results', () => {
  const pool = shared;

  test('pixel tasks equal direct kernel calls on the decoded frame', async () => {
    const image = await loadImage(paths.a!);
    const region = { x0Px: 10, y0Px: 20, x1Px: 200, y1Px: 120 };
    assert.deepEqual(await pool.run('statistics', { path: paths.a! }, { region }), computeStatistics(image, region));
    assert.deepEqual(await pool.run('clippedHistogram', { path: paths.a! }, { clip: 0.01 }), clippedHistogram(image, 0.01));
    const from = { x: 3.5, y: 7 };
    const to = { x: 250, y: 180.25 };
    assert.deepEqual(await pool.run('profile', { path: paths.a! }, { from, to }), lineProfile(image, from, to));
    assert.deepEqual(await pool.run('quality', { path: paths.a! }, {}), measureQuality(image, { saturation: 65535 }));
    const px = await pool.run('pixel', { path: paths.a! }, { x: 17, y: 201 });
    assert.deepEqual(px, { x: 17, y: 201, value: image.pixels[201 * 256 + 17] });
    const limits = await pool.run('stretchLimits', { path: paths.a! }, { method: { kind: 'minmax' } });
    assert.ok(limits.min < limits.max);
  });

  test('preview bins the region by the smallest integer factor that fits', async () => {
    const image = await loadImage(paths.a!);
    const region = { x0Px: 0, y0Px: 0, x1Px: 256, y1Px: 200 };
    const p = await pool.run('preview', { path: paths.a! }, { region, maxWidth: 100, maxHeight: 100 });
    assert.equal(p.binFactor, 3);
    assert.deepEqual([p.width, p.height], [86, 67]);
    assert.deepEqual(p.region, region);
    assert.ok(p.pixels instanceof Float32Array);
    assert.deepEqual(p.pixels, binImage(image, 3, region).pixels);
  });

  test('info and header read the file without decoding it; thumbnails come back as Buffers', async () => {
    const before = pool.stats().decodes;
    const info = await pool.run('info', { path: paths.small! }, {});
    assert.equal(info.length, 1);
    assert.deepEqual(info[0]!.shape, [128, 96]);
    const header = await pool.run('header', { path: paths.small! }, {});
    assert.equal(header.hdu, 0);
    assert.ok(header.cards.some((c) => c.key === 'CTYPE1' && c.value === 'RA---TAN'));
    assert.equal(pool.stats().decodes, before);
    const jpeg = await pool.run('thumbnail', { path: paths.small! }, { width: 64, label: 'x' });
    assert.ok(Buffer.isBuffer(jpeg));
    const meta = await sharp(jpeg).metadata();
    assert.deepEqual([meta.width, meta.height], [64, 48]);
    const png = await pool.run('lineProfileDisplay', { path: paths.small! }, { from: { x: 0, y: 0 }, to: { x: 127, y: 95 } });
    assert.equal((await sharp(png).metadata()).format, 'png');
    const rgb = await pool.run('colorComposite', { path: paths.a! }, { green: { path: paths.b! }, blue: { path: paths.c! }, width: 32 });
    assert.equal((await sharp(rgb).metadata()).channels, 3);
    await assert.rejects(
      pool.run('colorComposite', { path: paths.a! }, { green: { path: paths.small! }, blue: { path: paths.c! } }),
      isPoolError('BAD_ARGUMENT'),
    );
  });

  test('errors keep their codes: not FITS, missing file, bad region', async () => {
    await assert.rejects(pool.run('statistics', { path: paths.notFits! }, {}), (e: unknown) => e instanceof PoolError && e.code === 'NOT_FITS' && e.causeName === 'FitsError');
    await assert.rejects(pool.run('statistics', { path: join(dir, 'missing.fits') }, {}), isPoolError('ENOENT'));
    await assert.rejects(
      pool.run('statistics', { path: paths.a! }, { region: { x0Px: 0, y0Px: 0, x1Px: 300, y1Px: 10 } }),
      (e: unknown) => e instanceof PoolError && e.code === 'BAD_REGION' && e.causeName === 'AnalysisError',
    );
    await assert.rejects(pool.run('pixel', { path: paths.a! }, { x: 256, y: 0 }), isPoolError('BAD_REGION'));
    // and the pool still works
    assert.equal((await pool.run('statistics', { path: paths.b! }, {})).count, 256 * 256);
  });
});

describe('AnalysisPool decoding and cache', () => {
  test('ten concurrent requests for one frame decode it once', async () => {
    const pool = shared;
    const start = pool.stats().decodes;
    const ref = { path: paths.c!, version: 'v1' };
    const results = await Promise.all(Array.from({ length: 10 }, () => pool.run('statistics', ref, {})));
    assert.equal(pool.stats().decodes - start, 1);
    for (const r of results) assert.deepEqual(r, results[0]);
    await pool.run('statistics', ref, {});
    assert.equal(pool.stats().decodes - start, 1, 'a later request is served from the cache');
    const frames = pool.stats().cachedFrames;
    await pool.run('statistics', { ...ref, version: 'v2' }, {});
    assert.equal(pool.stats().decodes - start, 2, 'a new version is decoded again');
    assert.equal(pool.stats().cachedFrames, frames, 'the old version is dropped');
  });

  test('under a small budget the least recently used idle frame is purged, never one in use', async () => {
    const frameBytes = 256 * 256 * 2;
    const pool = new AnalysisPool({ size: 1, cacheBytes: frameBytes + 1000, testTasks: true });
    try {
      await pool.run('statistics', { path: paths.a! }, {});
      assert.equal(pool.stats().cachedFrames, 1);
      // Keep the only worker busy, then queue a task on frame b: b is decoded... after the sleep,
      // and while its statistics wait in the queue, frame c arrives and must not evict b.
      const sleeping = pool.runTestTask('__sleep', { ms: 150 });
      const onB = pool.run('statistics', { path: paths.b! }, {});
      const onC = pool.run('statistics', { path: paths.c! }, {});
      await sleeping;
      const [rb, rc] = await Promise.all([onB, onC]);
      assert.equal(rb.count, 256 * 256);
      assert.equal(rc.count, 256 * 256);
      const s = pool.stats();
      assert.equal(s.decodes, 3);
      assert.ok(s.purged >= 1, 'a was purged');
      assert.ok(s.cachedBytes <= frameBytes + 1000, `back within budget once idle: ${s.cachedBytes}`);
      // a (purged) is decoded again; the most recent frame (c) was kept
      await pool.run('statistics', { path: paths.c! }, {});
      assert.equal(pool.stats().decodes, 3);
      await pool.run('statistics', { path: paths.a! }, {});
      assert.equal(pool.stats().decodes, 4);
    } finally {
      await pool.close();
    }
  });
});

describe('AnalysisPool failures', () => {
  test('a queued task is cancelled by its AbortSignal with CANCELLED', async () => {
    const pool = shared;
    {
      const busy = pool.runTestTask('__sleep', { ms: 200 });
      const busy2 = pool.runTestTask('__sleep', { ms: 200 });
      const controller = new AbortController();
      const queued = pool.runTestTask('__sleep', { ms: 1 }, controller.signal);
      assert.equal(pool.stats().queued, 1);
      controller.abort();
      await assert.rejects(queued, isPoolError('CANCELLED'));
      assert.equal(pool.stats().queued, 0);
      assert.equal(await busy, 200);
      assert.equal(await busy2, 200);
      const already = new AbortController();
      already.abort();
      await assert.rejects(pool.run('statistics', { path: paths.a! }, {}, already.signal), isPoolError('CANCELLED'));
    }
  });

  test('cancelling a request that waits for its frame to decode rejects at once; the decode still serves later requests', async () => {
    const pool = shared;
    const busy = [pool.runTestTask('__sleep', { ms: 200 }), pool.runTestTask('__sleep', { ms: 200 })];
    const start = pool.stats().decodes;
    const ref = { path: paths.b!, version: 'cancel-test' };
    const controller = new AbortController();
    const waiting = pool.run('statistics', ref, {}, controller.signal);
    controller.abort();
    await assert.rejects(waiting, isPoolError('CANCELLED'));
    assert.equal(pool.stats().running, 2, 'rejected while both workers were still busy');
    await Promise.all(busy);
    assert.equal((await pool.run('statistics', ref, {})).count, 256 * 256);
    assert.equal(pool.stats().decodes - start, 1);
    await assert.rejects(pool.run('nonsense' as 'statistics', ref, {}), isPoolError('UNKNOWN_TASK'));
  });

  test('a throwing task gives a typed error with its code and the pool keeps working', async () => {
    const pool = shared;
    await assert.rejects(pool.runTestTask('__throw', { code: 'BOOM', message: 'kaboom' }), (e: unknown) => e instanceof PoolError && e.code === 'BOOM' && e.message === 'kaboom');
    assert.equal((await pool.run('statistics', { path: paths.small! }, {})).count, 128 * 96);
    assert.equal(pool.stats().restarts, 0);
  });

  test('a worker that dies fails its task with WORKER_DIED, is replaced, and queued work still runs; close() refuses the rest', async () => {
    const pool = new AnalysisPool({ size: 1, testTasks: true });
    const dying = pool.runTestTask('__exit', { code: 3 });
    const next = pool.run('statistics', { path: paths.small! }, {});
    await assert.rejects(dying, isPoolError('WORKER_DIED'));
    assert.equal((await next).count, 128 * 96);
    const s = pool.stats();
    assert.equal(s.restarts, 1);
    assert.equal(s.workers, 1);

    const busy = assert.rejects(pool.runTestTask('__sleep', { ms: 100 }), isPoolError('CLOSED'));
    const queued = assert.rejects(pool.run('statistics', { path: paths.a! }, {}), isPoolError('CLOSED'));
    await pool.close();
    await busy;
    await queued;
    await assert.rejects(pool.run('statistics', { path: paths.a! }, {}), isPoolError('CLOSED'));
    await pool.close();
  });
});
