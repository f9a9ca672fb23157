/** The memoized-results cache: single flight, LRU bounds, failures not cached, unversioned frames not cached. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultCache, resultKey } from '../../../electron/host/result-cache.js';

test('concurrent identical requests share one computation and later ones hit the cache', async () => {
  const cache = new ResultCache();
  let runs = 0;
  const compute = async () => {
    runs++;
    await new Promise((r) => setTimeout(r, 10));
    return { median: 5 };
  };
  const key = resultKey('statistics', { path: '/f.fits', version: 'v1' }, { region: undefined });
  const results = await Promise.all(Array.from({ length: 20 }, () => cache.get(key, compute)));
  assert.equal(runs, 1);
  assert.ok(results.every((r) => r.median === 5));
  await cache.get(key, compute);
  assert.equal(runs, 1);
  await cache.get(resultKey('statistics', { path: '/f.fits', version: 'v2' }, {}), compute);
  assert.equal(runs, 2, 'a new frame version is computed again');
});

test('failures are not cached and frames without a version are never cached', async () => {
  const cache = new ResultCache();
  let runs = 0;
  const failing = async () => {
    runs++;
    throw new Error('boom');
  };
  const key = resultKey('quality', { path: '/f.fits', version: 'v1' }, {});
  await assert.rejects(cache.get(key, failing));
  await assert.rejects(cache.get(key, failing));
  assert.equal(runs, 2);
  assert.equal(resultKey('quality', { path: '/f.fits' }, {}), null);
  let plain = 0;
  await cache.get(null, async () => ++plain);
  await cache.get(null, async () => ++plain);
  assert.equal(plain, 2);
});

test('the cache keeps at most its entry budget, evicting the least recently used', async () => {
  const cache = new ResultCache(2);
  let runs = 0;
  const c = async () => ++runs;
  await cache.get('a', c);
  await cache.get('b', c);
  await cache.get('a', c); // a is now the most recent
  await cache.get('c', c); // evicts b
  await cache.get('a', c);
  assert.equal(runs, 3);
  await cache.get('b', c);
  assert.equal(runs, 4);
});
