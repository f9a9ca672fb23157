/**
 * How long decoded frames live: background-only decodes go when released and never push out
 * the observer's frames; a file that left its source takes its decodes with it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ImageCache } from '../../../native-workers/image-cache.js';
import { AnalysisPool } from '../../../native-workers/pool.js';
import { writeFitsFile } from '../../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { loadImage } from '../../../native-workers/fits/file.js';
import { computeStatistics } from '../../../native-workers/analysis/statistics.js';

const loader = (v: string, bytes = 10) => async () => ({ value: v, bytes });

describe('ImageCache priorities', () => {
  test('a decode made only for background work is dropped as soon as it is released', async () => {
    const evicted: string[] = [];
    const cache = new ImageCache<string>(1000, (v) => evicted.push(v));
    const bg = await cache.acquire('a', '', loader('A'), { background: true });
    assert.equal(cache.stats().entries, 1);
    bg.release();
    assert.deepEqual(evicted, ['A']);
    assert.deepEqual({ entries: cache.stats().entries, bytes: cache.stats().bytes }, { entries: 0, bytes: 0 });
  });

  test('a frame the observer also asked for stays after the background work releases it', async () => {
    const cache = new ImageCache<string>(1000);
    const bg = await cache.acquire('a', '', loader('A'), { background: true });
    (await cache.acquire('a', '', loader('A'))).release();
    bg.release();
    assert.equal(cache.stats().entries, 1);
    // ...and the other way round: opened first, analysed in the background afterwards.
    (await cache.acquire('b', '', loader('B'))).release();
    (await cache.acquire('b', '', loader('B'), { background: true })).release();
    assert.equal(cache.stats().entries, 2);
    assert.equal(cache.stats().loads, 2);
  });

  test('background decodes never push out idle frames the observer opened', async () => {
    const evicted: string[] = [];
    const cache = new ImageCache<string>(20, (v) => evicted.push(v));
    (await cache.acquire('open1', '', loader('O1'))).release();
    (await cache.acquire('open2', '', loader('O2'))).release();
    const bg = await cache.acquire('bg', '', loader('BG'), { background: true }); // 30 bytes > 20 while held
    assert.deepEqual(evicted, [], 'the observer frames stay while the background decode is held');
    bg.release();
    assert.deepEqual(evicted, ['BG']);
    assert.equal(cache.stats().bytes, 20);
    // A new interactive frame still purges the least recently used one, as before.
    (await cache.acquire('open3', '', loader('O3'))).release();
    assert.deepEqual(evicted, ['BG', 'O1']);
  });

  test('dropWhere forgets idle entries at once and held ones when released', async () => {
    const evicted: string[] = [];
    const cache = new ImageCache<string>(1000, (v) => evicted.push(v));
    (await cache.acquire('f1\u00000', '', loader('F1h0'))).release();
    const held = await cache.acquire('f1\u00001', '', loader('F1h1'));
    (await cache.acquire('f2\u00000', '', loader('F2'))).release();
    assert.equal(cache.dropWhere((k) => k.startsWith('f1\u0000')), 2);
    assert.deepEqual(evicted, ['F1h0']);
    assert.equal(cache.has('f1\u00001'), false, 'a new acquire would decode the file again');
    assert.equal(held.value, 'F1h1', 'the holder keeps its pixels');
    held.release();
    assert.deepEqual(evicted, ['F1h0', 'F1h1']);
    assert.deepEqual({ entries: cache.stats().entries, bytes: cache.stats().bytes }, { entries: 1, bytes: 10 });
  });
});

describe('AnalysisPool: decoded frames of background work and gone files', () => {
  let dir: string;
  let cleanup: () => void;
  const paths: Record<string, string> = {};
  const frameBytes = 128 * 128 * 2;
  // Room for two frames: the two the observer has open.
  const pool = new AnalysisPool({ size: 1, cacheBytes: 2 * frameBytes });
  before(async () => {
    ({ dir, cleanup } = makeTempDir('nightdeck-decoded-'));
    for (const [name, seed] of [['a', 1], ['b', 2], ['c', 3], ['d', 4]] as const) {
      const f = generateSyntheticFrame({ width: 128, height: 128, seed, stars: 5 });
      paths[name] = join(dir, `${name}.fits`);
      await writeFitsFile(paths[name]!, [{ image: { pixels: f.pixels, shape: [128, 128], bitpix: 16 }, cards: f.cards }]);
    }
  });
  after(async () => {
    await pool.close();
    cleanup();
  });

  test('background analysis of other frames leaves the opened frames decoded', async () => {
    await pool.run('statistics', { path: paths.a! }, {});
    await pool.run('statistics', { path: paths.b! }, {});
    const before = pool.stats();
    assert.equal(before.cachedFrames, 2);
    for (const name of ['c', 'd']) {
      const ref = { path: paths[name]!, background: true };
      const release = await pool.retain(ref);
      await pool.run('statistics', ref, {});
      await pool.run('quality', ref, {});
      release();
    }
    const after = pool.stats();
    assert.equal(after.decodes - before.decodes, 2, 'one decode per background frame, held across its tasks');
    assert.equal(after.cachedFrames, 2, 'background decodes were given back');
    assert.equal(after.purged, before.purged, 'nothing the observer opened was purged');
    await pool.run('histogram', { path: paths.a! }, { bins: 10 });
    await pool.run('histogram', { path: paths.b! }, { bins: 10 });
    assert.equal(pool.stats().decodes, after.decodes, 'a and b are still decoded');
  });

  test('forgetFile drops every decode of a file at once, and one in use when its task ends', async () => {
    pool.setCacheBudget(8 * frameBytes);
    await pool.run('statistics', { path: paths.a!, hdu: 0 }, {});
    const frames = pool.stats().cachedFrames;
    assert.equal(pool.forgetFile(paths.a!), 2, 'the default-HDU and HDU 0 decodes');
    assert.equal(pool.stats().cachedFrames, frames - 2);
    const release = await pool.retain({ path: paths.b! });
    assert.equal(pool.forgetFile(paths.b!), 1);
    assert.equal(pool.stats().cachedFrames, frames - 2, 'held until released');
    release();
    assert.equal(pool.stats().cachedFrames, frames - 3);
    assert.equal(pool.stats().cachedBytes, (frames - 3) * frameBytes);
    assert.equal(pool.forgetFile(join(dir, 'never-seen.fits')), 0);
  });

  test('a new frame is decoded into the buffer of a dropped one of the same size, with exact pixels', async () => {
    pool.setCacheBudget(8 * frameBytes);
    const before = pool.stats().reusedBuffers;
    const expected = async (name: string) => computeStatistics(await loadImage(paths[name]!));
    // Background decodes are dropped when released: each next one can take the buffer back.
    for (const name of ['c', 'd', 'c']) {
      const ref = { path: paths[name]!, background: true };
      const got = await pool.run('statistics', ref, {});
      const want = await expected(name);
      for (const key of ['count', 'mean', 'median', 'min', 'max', 'std', 'mad'] as const) assert.equal(got[key], want[key], `${name} ${key}`);
    }
    assert.ok(pool.stats().reusedBuffers - before >= 2, `decodes reused dropped buffers: ${pool.stats().reusedBuffers - before}`);
  });
});
