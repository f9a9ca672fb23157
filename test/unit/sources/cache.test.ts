import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { FrameCache, type CacheEntry } from '../../../electron/host/sources/cache.js';
import { makeTempDir } from '../../helpers/tmp.js';

const temps: (() => void)[] = [];
after(() => temps.forEach((c) => c()));

async function cacheWith(maxBytes: number, evicted: CacheEntry[] = []): Promise<{ cache: FrameCache; clock: { t: number } }> {
  const { dir, cleanup } = makeTempDir('nightdeck-cache-');
  temps.push(cleanup);
  const clock = { t: 1000 };
  const cache = new FrameCache({ dir, maxBytes, now: () => clock.t, onEvict: (e) => evicted.push(e) });
  await cache.init();
  return { cache, clock };
}

async function put(cache: FrameCache, key: string, size: number): Promise<string> {
  const partial = cache.partialPathFor('s', key);
  writeFileSync(partial, Buffer.alloc(size, 1));
  return cache.admit('s', key, partial, size);
}

describe('frame cache', () => {
  test('evicts the least recently used frames once the byte limit is exceeded', async () => {
    const evicted: CacheEntry[] = [];
    const { cache, clock } = await cacheWith(250, evicted);
    const a = await put(cache, 'a.fits', 100);
    clock.t = 2000;
    await put(cache, 'b.fits', 100);
    clock.t = 3000;
    cache.lookup('s', 'a.fits'); // a is now more recent than b
    clock.t = 4000;
    await put(cache, 'c.fits', 100);
    assert.deepEqual(evicted.map((e) => e.key), ['b.fits']);
    assert.equal(cache.has('s', 'b.fits'), false);
    assert.equal(existsSync(a), true);
    assert.equal(cache.totalBytes, 200);
  });

  test('never evicts a pinned frame, and evicts it once unpinned and over the limit', async () => {
    const evicted: CacheEntry[] = [];
    const { cache, clock } = await cacheWith(150, evicted);
    await put(cache, 'old.fits', 100);
    cache.pin('s', 'old.fits');
    cache.pin('s', 'old.fits');
    clock.t = 2000;
    await put(cache, 'new.fits', 100);
    assert.equal(cache.has('s', 'old.fits'), true, 'pinned frame kept');
    cache.unpin('s', 'old.fits');
    clock.t = 3000;
    await cache.evictIfNeeded();
    assert.equal(cache.has('s', 'old.fits'), true, 'still pinned once (refcount): the newer frame goes instead');
    assert.deepEqual(evicted.map((e) => e.key), ['new.fits']);
    cache.unpin('s', 'old.fits');
    clock.t = 4000;
    await put(cache, 'third.fits', 100);
    assert.deepEqual(evicted.map((e) => e.key), ['new.fits', 'old.fits']);
  });

  test('the index survives a restart: cached frames are found again', async () => {
    const { dir, cleanup } = makeTempDir('nightdeck-cache-');
    temps.push(cleanup);
    const first = new FrameCache({ dir, maxBytes: 1000 });
    await first.init();
    const partial = first.partialPathFor('s3:b/', 'data/x.fits');
    writeFileSync(partial, 'hello');
    const path = await first.admit('s3:b/', 'data/x.fits', partial, 5);
    await first.flush();
    const second = new FrameCache({ dir, maxBytes: 1000 });
    await second.init();
    assert.equal(second.lookup('s3:b/', 'data/x.fits'), path);
    assert.equal(second.totalBytes, 5);
  });
});
