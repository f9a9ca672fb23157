/**
 * The S3 source against a real S3-compatible server (s3rver) on 127.0.0.1, through a
 * counting proxy: polling, header-only listing, error rows, deletions, credentials, restarts.
 */
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SourceManager } from '../../../electron/host/sources/source-manager.js';
import type { S3Source } from '../../../electron/host/sources/s3-source.js';
import type { S3SourceConfig } from '../../../electron/host/sources/s3-config.js';
import type { FrameRecord } from '../../../electron/host/store/catalogue-types.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { startS3, startProxy, TEST_CREDENTIALS, type TestS3, type TestProxy } from '../../helpers/sources/s3-server.js';
import { makeFitsImage, frameCards, compressWithTool } from '../../helpers/sources/fits-fixture.js';
import { openCatalogue, recordEvents, waitFor } from '../../helpers/sources/env.js';
import { startFakeListServer } from '../../helpers/sources/fake-list-server.js';
import { writeFileSync } from 'node:fs';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { MAX_BACKOFF_MS } from '../../../electron/host/sources/backoff.js';

let tmp: { dir: string; cleanup: () => void };
let s3: TestS3;
let proxy: TestProxy;
const cleanups: (() => Promise<void> | void)[] = [];

before(async () => {
  tmp = makeTempDir('nightdeck-s3-');
  s3 = await startS3(join(tmp.dir, 's3rver'));
  proxy = await startProxy(s3.endpoint);
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

after(async () => {
  await proxy.close();
  await s3.close();
  tmp.cleanup();
});

let counter = 0;
async function freshBucket(): Promise<string> {
  const name = `night-${++counter}-${process.pid}`;
  await s3.createBucket(name);
  return name;
}

function managerFor(name: string) {
  const dir = join(tmp.dir, name);
  const db = openCatalogue(dir);
  const manager = new SourceManager({ catalogue: db.catalogue, cacheDir: join(dir, 'cache') });
  cleanups.push(async () => {
    await manager.stop();
    db.close();
  });
  return { manager, catalogue: db.catalogue, db, dir };
}

function s3Config(bucket: string, extra: Partial<S3SourceConfig> = {}): S3SourceConfig {
  return { bucket, endpoint: proxy.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEST_CREDENTIALS, pollIntervalMs: 200, ...extra };
}

function frameBytes(i: number, padCards = 0) {
  return makeFitsImage({ width: 64, height: 48, cards: frameCards(i), padCards });
}

describe('S3 source polling', () => {
  test('frames put while polling are added within two polls, each with its header summary', async () => {
    const bucket = await freshBucket();
    const { manager } = managerFor(bucket);
    const id = manager.addS3(s3Config(bucket));
    const source = manager.get(id) as S3Source;
    const events = recordEvents((e, l) => manager.on(e, l));
    manager.start();
    await waitFor('first poll', () => manager.list()[0]!.status.state === 'ok');
    for (let i = 1; i <= 3; i++) {
      const key = `data/tst-test-20201112-0000000${i}-EX10.fits`;
      await s3.put(bucket, key, frameBytes(i).bytes);
      // Counted from the moment the object exists (a slow PUT on a busy machine spans several polls).
      const listsBefore = source.stats.listRequests;
      const added = await waitFor(`imageAdded for ${key}`, () => events.find((e) => e.event === 'imageAdded' && (e.payload as FrameRecord).key === key));
      // Found by the first or second ListObjectsV2 sent after the PUT (one directory watched).
      assert.ok(source.stats.listRequests - listsBefore <= 2, `found after ${source.stats.listRequests - listsBefore} polls`);
      const record = added.payload as FrameRecord;
      assert.equal(record.nameFields.frameNumber, i);
      assert.equal(record.night, '20201112');
      assert.equal(record.summary?.exptime, 30 + i);
      assert.deepEqual(record.summary?.shape, [64, 48]);
    }
    assert.equal(events.filter((e) => e.event === 'imageAdded').length, 3);
  });

  test('an idle poll costs one ListObjectsV2 per watched directory, starting after the last key seen', async () => {
    const bucket = await freshBucket();
    await s3.put(bucket, 'data/a.fits', frameBytes(1).bytes);
    await s3.put(bucket, 'allsky/b.fits', frameBytes(2).bytes);
    const { manager } = managerFor(bucket);
    const source = manager.get(manager.addS3(s3Config(bucket, { directories: ['data', 'allsky'], sweepIntervalMs: 3_600_000 })))! as S3Source;
    await source.pollNow(); // the first cycle is a full sweep
    const before = proxy.stats.requests.length;
    await source.pollNow();
    await source.pollNow();
    const lists = proxy.stats.requests.slice(before).filter((r) => r.path === `/${bucket}/`);
    assert.equal(proxy.stats.requests.length - before, 4, 'two polls × two directories, nothing else');
    assert.equal(lists.length, 4);
    assert.deepEqual(lists.map((r) => r.query.get('start-after')).sort(), ['allsky/b.fits', 'allsky/b.fits', 'data/a.fits', 'data/a.fits']);
  });

  test('after the date changes, a late frame of the previous night is found by the next poll, not the sweep', async () => {
    const bucket = await freshBucket();
    await s3.put(bucket, 'data/tst-test-20201112-00000007-EX00.fits', frameBytes(7).bytes);
    const { manager, catalogue } = managerFor(bucket);
    const id = manager.addS3(s3Config(bucket, { sweepIntervalMs: 3_600_000 }));
    const source = manager.get(id)! as S3Source;
    await source.pollNow(); // the first cycle is a full sweep
    await s3.put(bucket, 'data/tst-test-20201113-00000001-EX00.fits', frameBytes(1).bytes);
    await source.pollNow();
    assert.ok(catalogue.get(id, 'data/tst-test-20201113-00000001-EX00.fits'), 'the new night is listed');
    // Frame 8 of the previous night lands after the first frame of the new night: its key sorts
    // before the newest key, so only the previous night's cursor can find it without a sweep.
    const late = 'data/tst-test-20201112-00000008-EX00.fits';
    await s3.put(bucket, late, frameBytes(8).bytes);
    const before = proxy.stats.requests.length;
    await source.pollNow();
    assert.ok(catalogue.get(id, late), 'the late frame is listed by an incremental poll');
    const lists = proxy.stats.requests.slice(before).filter((r) => r.path === `/${bucket}/`);
    assert.deepEqual(
      lists.map((r) => [r.query.get('prefix'), r.query.get('start-after')]),
      [
        ['data/', 'data/tst-test-20201113-00000001-EX00.fits'],
        ['data/tst-test-20201112-', 'data/tst-test-20201112-00000007-EX00.fits'],
      ],
      'one listing after the newest key, one after the previous night\'s last key',
    );
  });

  test('listings that span several pages are followed to the end, on the sweep and on incremental polls', async () => {
    // s3rver's continuation tokens need DES, which Node 20's OpenSSL 3 refuses: a minimal paging endpoint instead.
    const keys = [1, 2, 3, 4, 5].map((i) => `data/p${i}.fits`);
    const fake = await startFakeListServer('paged', keys, frameBytes(1).bytes, 2);
    cleanups.push(() => fake.close());
    const { manager, catalogue } = managerFor('paged');
    const source = manager.get(manager.addS3(s3Config('paged', { endpoint: fake.endpoint, sweepIntervalMs: 3_600_000 })))! as S3Source;
    await source.pollNow();
    assert.equal(source.status().lastError, undefined);
    assert.deepEqual(catalogue.keysOf(source.id).sort(), keys);
    assert.equal(fake.listRequests, 3);
    fake.keys.push('data/p6.fits', 'data/p7.fits', 'data/p8.fits');
    await source.pollNow();
    assert.equal(catalogue.keysOf(source.id).length, 8);
    assert.equal(fake.listRequests, 5, 'three new keys after p5: two pages');
  });

  test('header-only listing fetches at most 3× the header size for plain and .fz frames', async () => {
    const bucket = await freshBucket();
    const plain = makeFitsImage({ width: 400, height: 300, cards: frameCards(7), padCards: 60 });
    const plainPath = join(tmp.dir, `${bucket}-frame.fits`);
    writeFileSync(plainPath, plain.bytes);
    const fz = compressWithTool(plainPath, 'fpack');
    await s3.put(bucket, 'data/big.fits', plain.bytes);
    await s3.put(bucket, 'data/big.fits.fz', fz);
    const { manager, catalogue } = managerFor(bucket);
    const id = manager.addS3(s3Config(bucket));
    await (manager.get(id) as S3Source).pollNow();
    const plainBytes = proxy.stats.bytesByPath.get(`/${bucket}/data/big.fits`) ?? 0;
    assert.ok(plainBytes > 0 && plainBytes <= 3 * plain.headerSize, `plain: ${plainBytes} bytes for a ${plain.headerSize}-byte header (object ${plain.bytes.length})`);
    // The .fz file has two headers (empty primary + the compressed image's BINTABLE header).
    const fzRecord = catalogue.get(id, 'data/big.fits.fz')!;
    const fzHeaderSize = fzRecord.summary!.headers.reduce((n, cards) => n + Math.ceil(((cards.length + 1) * 80) / 2880) * 2880, 0);
    const fzBytes = proxy.stats.bytesByPath.get(`/${bucket}/data/big.fits.fz`) ?? 0;
    assert.ok(fzBytes > 0 && fzBytes <= 3 * fzHeaderSize, `fz: ${fzBytes} bytes for ${fzHeaderSize} header bytes (object ${fz.length})`);
    assert.deepEqual(fzRecord.summary!.shape, [400, 300]);
    assert.equal(fzRecord.summary!.bitpix, 16);
    assert.equal(catalogue.get(id, 'data/big.fits')!.summary!.object, 'M32');
  });

  test('.gz and .bz2 frames get their headers while only part of the object is transferred', async () => {
    const bucket = await freshBucket();
    const frame = makeFitsImage({ width: 1024, height: 1024, cards: frameCards(4) }); // 2 MiB of noisy pixels
    const path = join(tmp.dir, `${bucket}-noisy.fits`);
    writeFileSync(path, frame.bytes);
    const gz = compressWithTool(path, 'gzip', ['-1']);
    const bz2 = compressWithTool(path, 'bzip2', ['-1']);
    await s3.put(bucket, 'data/noisy.fits.gz', gz);
    await s3.put(bucket, 'data/noisy.fits.bz2', bz2);
    const { manager, catalogue } = managerFor(bucket);
    const id = manager.addS3(s3Config(bucket));
    proxy.setThrottle(4 * 1024 * 1024); // paced, so "stopped early" does not depend on socket buffers
    try {
      await (manager.get(id) as S3Source).pollNow();
    } finally {
      proxy.setThrottle(0);
    }
    for (const [key, size] of [['data/noisy.fits.gz', gz.length], ['data/noisy.fits.bz2', bz2.length]] as const) {
      const record = catalogue.get(id, key)!;
      assert.equal(record.status, 'listed', `${key}: ${record.error}`);
      assert.equal(record.summary?.filter, 'R');
      assert.deepEqual(record.summary?.shape, [1024, 1024]);
      const sent = proxy.stats.bytesByPath.get(`/${bucket}/${key}`) ?? 0;
      assert.ok(sent < size / 2, `${key}: ${sent} of ${size} bytes transferred`);
    }
  });

  test('a truncated or non-FITS object becomes an error row with the reason, and polling continues', async () => {
    const bucket = await freshBucket();
    const good = frameBytes(1, 40).bytes;
    await s3.put(bucket, 'data/a-truncated.fits', good.subarray(0, 3000)); // header cut in its second block
    await s3.put(bucket, 'data/b-not-fits.fits', 'this is a JPEG, honest');
    const { manager, catalogue } = managerFor(bucket);
    const id = manager.addS3(s3Config(bucket));
    const source = manager.get(id) as S3Source;
    await source.pollNow();
    const truncated = catalogue.get(id, 'data/a-truncated.fits')!;
    const notFits = catalogue.get(id, 'data/b-not-fits.fits')!;
    assert.equal(truncated.status, 'error');
    assert.match(truncated.error ?? '', /TRUNCATED/);
    assert.equal(notFits.status, 'error');
    assert.match(notFits.error ?? '', /NOT_FITS/);
    await s3.put(bucket, 'data/c-good.fits', good);
    await source.pollNow();
    assert.equal(catalogue.get(id, 'data/c-good.fits')?.summary?.exptime, 31);
    assert.equal(source.status().state, 'ok');
  });

  test('a deleted object disappears on the sweep, with imageRemoved', async () => {
    const bucket = await freshBucket();
    await s3.put(bucket, 'data/keep.fits', frameBytes(1).bytes);
    await s3.put(bucket, 'data/gone.fits', frameBytes(2).bytes);
    const { manager, catalogue } = managerFor(bucket);
    const id = manager.addS3(s3Config(bucket, { sweepIntervalMs: 400 }));
    const events = recordEvents((e, l) => manager.on(e, l), ['imageRemoved']);
    manager.start();
    await waitFor('both listed', () => catalogue.keysOf(id).length === 2);
    await s3.del(bucket, 'data/gone.fits');
    const removed = await waitFor('imageRemoved', () => events.find((e) => (e.payload as { key: string }).key === 'data/gone.fits'));
    assert.equal(typeof (removed.payload as { id: number }).id, 'number');
    assert.deepEqual(catalogue.keysOf(id), ['data/keep.fits']);
  });

  test('wrong credentials show a readable source status, and a dead server backs off then resumes by itself', async () => {
    const bucket = await freshBucket();
    const { manager } = managerFor(bucket);
    const badId = manager.addS3(s3Config(bucket, { id: 'bad-keys', credentials: { accessKeyId: 'NOSUCHKEY', secretAccessKey: 'wrong' } }));
    const goodId = manager.addS3(s3Config(bucket, { id: 'good-keys' }));
    manager.start();
    const bad = await waitFor('error status', () => manager.list().find((s) => s.id === badId && s.status.state === 'error'));
    assert.equal(bad.status.lastError?.code, 'InvalidAccessKeyId');
    assert.equal(bad.status.lastError?.message, 'InvalidAccessKeyId: the access key is not known to the server');
    assert.ok(bad.status.nextPollAt, 'a retry is scheduled');
    assert.ok(!JSON.stringify(manager.list()).includes('wrong'), 'the secret key is not shown');

    await waitFor('good source ok', () => manager.list().find((s) => s.id === goodId)?.status.state === 'ok');
    await proxy.down();
    try {
      const down = await waitFor('backoff', () => manager.list().find((s) => s.id === goodId && s.status.state === 'backoff'));
      assert.match(down.status.lastError?.message ?? '', /ECONNREFUSED|connect|socket|closed/i);
    } finally {
      await proxy.up();
    }
    await s3.put(bucket, 'data/after-outage.fits', frameBytes(3).bytes);
    // The retry comes after the back-off (at most MAX_BACKOFF_MS); a busy machine adds to it.
    await waitFor('resumed', () => manager.list().find((s) => s.id === goodId)?.status.state === 'ok', MAX_BACKOFF_MS + 30_000);
    const good = manager.list().find((s) => s.id === goodId)!;
    assert.equal(good.status.lastError, undefined);
  });

  test('anonymous access lists a public bucket with unsigned requests', async () => {
    const bucket = await freshBucket();
    await s3.put(bucket, 'data/public.fits', frameBytes(1).bytes);
    const { manager, catalogue } = managerFor(bucket);
    const id = manager.addS3(s3Config(bucket, { credentials: 'anonymous' }));
    const before = proxy.stats.requests.length;
    await (manager.get(id) as S3Source).pollNow();
    assert.equal(catalogue.get(id, 'data/public.fits')?.summary?.exptime, 31);
    const sent = proxy.stats.requests.slice(before);
    assert.ok(sent.length >= 2 && sent.every((r) => !r.signed), JSON.stringify(sent));
  });

  test('restarting the manager on the same catalogue lists nothing twice and loses nothing', async () => {
    const bucket = await freshBucket();
    for (let i = 1; i <= 3; i++) await s3.put(bucket, `data/f${i}.fits`, frameBytes(i).bytes);
    const dir = join(tmp.dir, `${bucket}-restart`);
    const first = openCatalogue(dir);
    const m1 = new SourceManager({ catalogue: first.catalogue, cacheDir: join(dir, 'cache') });
    const id = m1.addS3(s3Config(bucket));
    const ev1 = recordEvents((e, l) => m1.on(e, l), ['imageAdded']);
    await (m1.get(id) as S3Source).pollNow();
    await m1.stop();
    first.close();
    assert.equal(ev1.length, 3);

    await s3.put(bucket, 'data/f4.fits', frameBytes(4).bytes); // arrives while the host is down
    const second = openCatalogue(dir);
    const m2 = new SourceManager({ catalogue: second.catalogue, cacheDir: join(dir, 'cache') });
    cleanups.push(async () => {
      await m2.stop();
      second.close();
    });
    m2.addS3(s3Config(bucket));
    const ev2 = recordEvents((e, l) => m2.on(e, l), ['imageAdded', 'imageUpdated']);
    const src2 = m2.get(id) as S3Source;
    await src2.pollNow(); // sweep
    await src2.pollNow(); // incremental
    assert.deepEqual(ev2.map((e) => (e.payload as FrameRecord).key), ['data/f4.fits']);
    assert.deepEqual(second.catalogue.keysOf(id).sort(), ['data/f1.fits', 'data/f2.fits', 'data/f3.fits', 'data/f4.fits']);
    const count = second.db.prepare('SELECT COUNT(*) AS n FROM frames WHERE source = ?').get(id) as { n: number };
    assert.equal(count.n, 4);
  });

  test('after a crash, a frame listed but never read gets its headers, and a download cut off is listed again', async () => {
    const bucket = await freshBucket();
    await s3.put(bucket, 'data/half-done.fits', frameBytes(1).bytes);
    await s3.put(bucket, 'data/was-downloading.fits', frameBytes(2).bytes);
    const { manager, catalogue } = managerFor(bucket);
    const id = manager.addS3(s3Config(bucket));
    // What a previous run left behind when killed: rows without summary, one marked downloading.
    for (const key of ['data/half-done.fits', 'data/was-downloading.fits']) {
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      catalogue.upsertListing({
        source: id, key, name: key.slice(5), directory: 'data', size: head.ContentLength!, etag: head.ETag!, lastModified: head.LastModified!.toISOString(),
        nameFields: { site: null, instrument: null, night: null, frameNumber: null, reductionLevel: null },
      });
    }
    catalogue.setStatus(id, 'data/was-downloading.fits', 'downloading');
    const events = recordEvents((e, l) => manager.on(e, l), ['imageAdded', 'imageUpdated']);
    await (manager.get(id) as S3Source).pollNow();
    assert.equal(catalogue.get(id, 'data/half-done.fits')?.summary?.exptime, 31);
    assert.equal(catalogue.get(id, 'data/was-downloading.fits')?.status, 'listed');
    assert.equal(catalogue.get(id, 'data/was-downloading.fits')?.summary?.exptime, 32);
    assert.deepEqual(events.map((e) => e.event), ['imageAdded', 'imageAdded'], 'each frame announced once, as new');
  });
});
