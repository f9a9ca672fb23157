/**
 * Downloads from a real S3-compatible server: resume after the server goes away mid-transfer,
 * one transfer for concurrent requests, the QuickAnalysis-style frame resolution.
 */
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceManager } from '../../../electron/host/sources/source-manager.js';
import type { S3SourceConfig } from '../../../electron/host/sources/s3-config.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { startS3, startProxy, TEST_CREDENTIALS, type TestS3, type TestProxy } from '../../helpers/sources/s3-server.js';
import { makeFitsImage, frameCards } from '../../helpers/sources/fits-fixture.js';
import { openCatalogue, recordEvents, waitFor } from '../../helpers/sources/env.js';

let tmp: { dir: string; cleanup: () => void };
let s3: TestS3;
let proxy: TestProxy;
const cleanups: (() => Promise<void> | void)[] = [];

before(async () => {
  tmp = makeTempDir('nightdeck-s3dl-');
  s3 = await startS3(join(tmp.dir, 's3rver'));
  proxy = await startProxy(s3.endpoint);
});
afterEach(async () => {
  proxy.setThrottle(0);
  for (const c of cleanups.splice(0).reverse()) await c();
});
after(async () => {
  await proxy.close();
  await s3.close();
  tmp.cleanup();
});

let counter = 0;
async function setup(extra: Partial<S3SourceConfig> = {}) {
  const bucket = `dl-${++counter}-${process.pid}`;
  await s3.createBucket(bucket);
  const dir = join(tmp.dir, bucket);
  const db = openCatalogue(dir);
  const manager = new SourceManager({ catalogue: db.catalogue, cacheDir: join(dir, 'cache') });
  const id = manager.addS3({ bucket, endpoint: proxy.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS, pollIntervalMs: 200, ...extra });
  cleanups.push(async () => {
    await manager.stop();
    db.close();
  });
  return { bucket, manager, id, catalogue: db.catalogue, db: db.db };
}

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');

describe('S3 downloads', () => {
  test('a server stopped mid-download and restarted: the download resumes with Range and completes, one catalogue row', async () => {
    const { bucket, manager, id, catalogue, db } = await setup();
    const frame = makeFitsImage({ width: 1024, height: 1024, cards: frameCards(5) }).bytes;
    const key = 'data/tst-test-20201112-00000005-EX00.fits';
    await s3.put(bucket, key, frame);
    const events = recordEvents((e, l) => manager.on(e, l), ['downloadProgress']);
    proxy.setThrottle(2 * 1024 * 1024);
    const download = manager.ensureLocal(id, key);
    await waitFor('some bytes', () => events.some((e) => (e.payload as { bytesDone: number }).bytesDone >= 256 * 1024));
    assert.equal(catalogue.get(id, key)?.status, 'downloading');
    await proxy.down();
    await s3.stop();
    await new Promise((r) => setTimeout(r, 300));
    await s3.restart();
    await proxy.up();
    const path = await download;
    const local = new Uint8Array(readFileSync(path));
    assert.equal(local.length, frame.length);
    assert.equal(md5(local), md5(frame), 'the file is the object, byte for byte');
    const resumed = proxy.stats.requests.filter((r) => r.path === `/${bucket}/${key}` && /^bytes=[1-9]\d*-$/.test(r.range ?? ''));
    assert.ok(resumed.length >= 1, 'a Range request resumed the transfer');
    const record = catalogue.get(id, key)!;
    assert.equal(record.status, 'ready');
    assert.equal(record.localPath, path);
    const rows = db.prepare('SELECT COUNT(*) AS n FROM frames WHERE source = ? AND key = ?').get(id, key) as { n: number };
    assert.equal(rows.n, 1);
    const progress = events.map((e) => e.payload as { bytesDone: number; bytesTotal: number });
    assert.deepEqual(progress.at(-1), { source: id, key, bytesDone: frame.length, bytesTotal: frame.length });
  });

  test('concurrent requests for one frame share a single transfer; a second request is served from the cache', async () => {
    const { bucket, manager, id } = await setup();
    const frame = makeFitsImage({ width: 256, height: 256, cards: frameCards(2) }).bytes;
    await s3.put(bucket, 'data/shared.fits', frame);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => manager.ensureLocal(id, 'data/shared.fits')));
    assert.equal(a, b);
    assert.equal(b, c);
    assert.equal(await manager.ensureLocal(id, 'data/shared.fits'), a);
    const gets = proxy.stats.requests.filter((r) => r.method === 'GET' && r.path === `/${bucket}/data/shared.fits`);
    assert.equal(gets.length, 1);
  });

  test('QuickAnalysis-style names resolve to <s3_directory>/<full_filename>; a missing one is NOT_FOUND with the public message', async () => {
    const { bucket, manager } = await setup({ prefix: 'site1', directories: ['data', 'info-images'] });
    const frame = makeFitsImage({ width: 32, height: 32, cards: frameCards(1) }).bytes;
    await s3.put(bucket, 'site1/info-images/tst-test-20201112-00000001-EX10.fits', frame);
    const path = await manager.resolveCompatFrame('info-images', 'tst-test-20201112-00000001-EX10.fits');
    assert.equal(md5(new Uint8Array(readFileSync(path))), md5(frame));
    await assert.rejects(manager.resolveCompatFrame('data', 'nope.fits.bz2'), { code: 'NOT_FOUND', message: 'Image does not exist: data/nope.fits.bz2.' });
    await assert.rejects(manager.resolveCompatFrame('data', '../info-images/tst-test-20201112-00000001-EX10.fits'), { code: 'NOT_FOUND' });
  });

  test('a changed object (new ETag) is announced with imageUpdated, re-read, and its stale cached copy replaced', async () => {
    const { bucket, manager, id, catalogue } = await setup({ pollIntervalMs: 50, sweepIntervalMs: 50 });
    const key = 'data/redo.fits';
    const v1 = makeFitsImage({ width: 32, height: 32, cards: frameCards(1) }).bytes;
    const v2 = makeFitsImage({ width: 48, height: 32, cards: frameCards(2) }).bytes;
    await s3.put(bucket, key, v1);
    const source = manager.get(id) as import('../../../electron/host/sources/s3-source.js').S3Source;
    await source.pollNow();
    assert.equal(md5(new Uint8Array(readFileSync(await manager.ensureLocal(id, key)))), md5(v1));
    const events = recordEvents((e, l) => manager.on(e, l), ['imageAdded', 'imageUpdated']);
    await s3.put(bucket, key, v2);
    await source.pollNow({ sweep: true });
    assert.deepEqual(events.map((e) => e.event), ['imageUpdated']);
    assert.deepEqual(catalogue.get(id, key)?.summary?.shape, [48, 32]);
    assert.equal(md5(new Uint8Array(readFileSync(await manager.ensureLocal(id, key)))), md5(v2));
  });

  test('autoDownloadNewest keeps the newest frames local as they arrive', async () => {
    const { bucket, manager, id, catalogue } = await setup({ autoDownloadNewest: 1 });
    for (const n of [1, 2]) await s3.put(bucket, `data/tst-test-20201112-0000000${n}-EX00.fits`, makeFitsImage({ width: 16, height: 16, cards: frameCards(n) }).bytes);
    await (manager.get(id) as import('../../../electron/host/sources/s3-source.js').S3Source).pollNow();
    await waitFor('newest ready', () => catalogue.get(id, 'data/tst-test-20201112-00000002-EX00.fits')?.status === 'ready');
    assert.equal(catalogue.get(id, 'data/tst-test-20201112-00000001-EX00.fits')?.status, 'listed');
  });
});
