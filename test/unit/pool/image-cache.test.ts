import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageCache } from '../../../native-workers/image-cache.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test('concurrent acquires of one key share a single load', async () => {
  const cache = new ImageCache<string>(1000);
  let loads = 0;
  const gate = deferred<void>();
  const load = async () => {
    loads++;
    await gate.promise;
    return { value: 'pixels', bytes: 10 };
  };
  const leases = Array.from({ length: 10 }, () => cache.acquire('a', 'v1', load));
  gate.resolve();
  const got = await Promise.all(leases);
  assert.equal(loads, 1);
  assert.ok(got.every((l) => l.value === 'pixels'));
  assert.deepEqual(cache.stats(), { entries: 1, bytes: 10, loads: 1, purged: 0 });
  for (const l of got) l.release();
});

test('a failed load rejects every waiter and the next acquire loads again', async () => {
  const cache = new ImageCache<string>(1000);
  let calls = 0;
  const failing = async () => {
    calls++;
    throw Object.assign(new Error('bad'), { code: 'NOT_FITS' });
  };
  const results = await Promise.allSettled([cache.acquire('a', '', failing), cache.acquire('a', '', failing)]);
  assert.equal(calls, 1);
  assert.ok(results.every((r) => r.status === 'rejected'));
  const lease = await cache.acquire('a', '', async () => ({ value: 'ok', bytes: 1 }));
  assert.equal(lease.value, 'ok');
  assert.equal(cache.stats().bytes, 1);
});

test('the LRU idle entry is purged to fit the budget; an entry in use never is', async () => {
  const evicted: string[] = [];
  const cache = new ImageCache<string>(25, (v) => evicted.push(v));
  const loader = (v: string) => async () => ({ value: v, bytes: 10 });
  (await cache.acquire('a', '', loader('A'))).release();
  const heldB = await cache.acquire('b', '', loader('B')); // held throughout
  (await cache.acquire('a', '', loader('A'))).release(); // a is now more recent than b
  const c = await cache.acquire('c', '', loader('C')); // 30 bytes > 25: purge the LRU idle one
  assert.deepEqual(evicted, ['A'], 'b is older but held, so a goes');
  c.release();
  const d = await cache.acquire('d', '', loader('D'));
  assert.deepEqual(evicted, ['A', 'C']);
  assert.equal(heldB.value, 'B');
  const stats = cache.stats();
  assert.equal(stats.bytes, 20);
  d.release();
  heldB.release();
  assert.ok(cache.stats().bytes <= 25);
});

test('everything held may exceed the budget until released', async () => {
  const cache = new ImageCache<string>(5);
  const a = await cache.acquire('a', '', async () => ({ value: 'A', bytes: 10 }));
  const b = await cache.acquire('b', '', async () => ({ value: 'B', bytes: 10 }));
  assert.equal(cache.stats().bytes, 20);
  a.release();
  assert.equal(cache.stats().bytes, 10);
  b.release();
  assert.equal(cache.stats().bytes, 0);
});

test('a new version replaces the entry; the old one lives while held and goes on release', async () => {
  const evicted: string[] = [];
  const cache = new ImageCache<string>(1000, (v) => evicted.push(v));
  const old = await cache.acquire('f', 'v1', async () => ({ value: 'old', bytes: 10 }));
  const fresh = await cache.acquire('f', 'v2', async () => ({ value: 'new', bytes: 10 }));
  assert.equal(fresh.value, 'new');
  assert.equal(old.value, 'old');
  assert.deepEqual(evicted, []);
  old.release();
  old.release(); // releasing twice is harmless
  assert.deepEqual(evicted, ['old']);
  assert.equal(cache.stats().bytes, 10);
  fresh.release();
  const again = await cache.acquire('f', 'v2', async () => ({ value: 'reloaded', bytes: 10 }));
  assert.equal(again.value, 'new', 'same version: served from the cache');
});
