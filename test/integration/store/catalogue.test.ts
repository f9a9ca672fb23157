import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeTempDir } from '../../helpers/tmp.js';
import { openDatabase, type Db } from '../../../electron/host/store/db.js';
import { Catalogue, type FrameSort } from '../../../electron/host/store/catalogue.js';
import type { FrameListing, FrameHeaderSummary, FrameRecord } from '../../../electron/host/store/catalogue-types.js';

const MCDONALD = -104.0147;

function listing(key: string, over: Partial<FrameListing> = {}): FrameListing {
  return {
    source: 's3:bucket',
    key,
    name: key.split('/').at(-1)!,
    directory: 'data',
    size: 1000,
    etag: '"e1"',
    lastModified: '2024-01-02T03:00:00Z',
    nameFields: { site: null, instrument: null, night: null, frameNumber: null, reductionLevel: null },
    ...over,
  };
}

function summary(over: Partial<FrameHeaderSummary> = {}): FrameHeaderSummary {
  return { dateObs: null, exptime: null, filter: null, object: null, shape: [100, 200], bitpix: 16, headers: [[{ key: 'SIMPLE', value: true }]], ...over };
}

describe('catalogue', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let cat: Catalogue;
  before(() => {
    tmp = makeTempDir('nightdeck-catalogue-');
    db = openDatabase(join(tmp.dir, 'nightdeck.db'));
    cat = new Catalogue(db, { siteLongitudeDeg: MCDONALD });
  });
  after(() => {
    db.close();
    tmp.cleanup();
  });

  test('upsert: added once, unchanged on the same ETag and size, updated on a new ETag or size, never duplicated', () => {
    const a = cat.upsertListing(listing('data/a.fits'));
    assert.equal(a.change, 'added');
    assert.equal(a.record.status, 'listed');
    cat.setSummary('s3:bucket', 'data/a.fits', summary({ object: 'M 31' }));
    cat.setStatus('s3:bucket', 'data/a.fits', 'ready', { localPath: '/cache/a.fits' });
    cat.setAnalysis(a.record.id, { stats: { median: 3 } });
    assert.equal(cat.upsertListing(listing('data/a.fits')).change, 'unchanged');
    const kept = cat.get('s3:bucket', 'data/a.fits')!;
    assert.equal(kept.status, 'ready');
    assert.equal(kept.summary?.object, 'M 31');
    const byEtag = cat.upsertListing(listing('data/a.fits', { etag: '"e2"' }));
    assert.equal(byEtag.change, 'updated');
    assert.equal(byEtag.record.id, a.record.id);
    // New bytes: the old header, file and results no longer describe it.
    assert.equal(byEtag.record.status, 'listed');
    assert.equal(byEtag.record.summary, null);
    assert.equal(byEtag.record.localPath, null);
    assert.equal(byEtag.record.stats, null);
    assert.equal(cat.upsertListing(listing('data/a.fits', { etag: '"e2"', size: 2000 })).change, 'updated');
    assert.equal(cat.upsertListing(listing('data/a.fits', { etag: '"e2"', size: 2000 })).change, 'unchanged');
    assert.equal(cat.upsertListing(listing('data/a.fits', { source: 'folder:/n' })).change, 'added', 'the key is per source');
    assert.deepEqual(cat.keysOf('s3:bucket'), ['data/a.fits']);
    assert.equal((db.prepare(`SELECT COUNT(*) AS n FROM frames WHERE key = 'data/a.fits'`).get() as { n: number }).n, 2);
  });

  test('night: from the name fields, else from DATE-OBS at the site longitude, else from lastModified', () => {
    const named = cat.upsertListing(
      listing('data/tst-test-20240105-00000001-EX00.fits', { nameFields: { site: 'tst', instrument: 'test', night: '20240105', frameNumber: 1, reductionLevel: 'EX00' } }),
    ).record;
    assert.equal(named.night, '20240105');
    assert.equal(cat.setSummary('s3:bucket', named.key, summary({ dateObs: '2024-01-09T03:00:00Z' })).night, '20240105', 'the name wins');
    // lastModified 2024-01-02T03:00Z = 20:04 on Jan 1 at McDonald → night 20240101.
    const plain = cat.upsertListing(listing('data/plain.fits')).record;
    assert.equal(plain.night, '20240101');
    // DATE-OBS 2024-01-03T10:00Z = 03:04 local on Jan 3 → still the night of Jan 2.
    assert.equal(cat.setSummary('s3:bucket', 'data/plain.fits', summary({ dateObs: '2024-01-03T10:00:00' })).night, '20240102');
    assert.throws(() => cat.setSummary('s3:bucket', 'data/missing.fits', summary()), { code: 'NOT_FOUND' });
  });

  test('headers keep integers beyond 2^53 exact (as strings); status errors keep their reason', () => {
    cat.upsertListing(listing('data/big.fits'));
    const big = 2n ** 63n - 1n;
    cat.setSummary('s3:bucket', 'data/big.fits', summary({ headers: [[{ key: 'BIGINT', value: big }]] }));
    const rec = cat.get('s3:bucket', 'data/big.fits')!;
    assert.equal(rec.summary!.headers[0]![0]!.value, '9223372036854775807');
    const failed = cat.setStatus('s3:bucket', 'data/big.fits', 'error', { error: 'TRUNCATED: file ends in HDU 0' });
    assert.equal(failed.error, 'TRUNCATED: file ends in HDU 0');
    assert.equal(cat.setStatus('s3:bucket', 'data/big.fits', 'listed').error, null);
    assert.equal(cat.remove('s3:bucket', 'data/big.fits')?.key, 'data/big.fits');
    assert.equal(cat.remove('s3:bucket', 'data/big.fits'), null);
    assert.equal(cat.getById(rec.id), null);
  });

  test('per-source state survives reopening the database', () => {
    cat.setSourceState('s3:bucket', { lastKey: { data: 'data/z.fits' }, sweeps: 3 });
    db.close();
    db = openDatabase(join(tmp.dir, 'nightdeck.db'));
    cat = new Catalogue(db, { siteLongitudeDeg: MCDONALD });
    assert.deepEqual(cat.getSourceState('s3:bucket'), { lastKey: { data: 'data/z.fits' }, sweeps: 3 });
    assert.deepEqual(cat.getSourceState('s3:other'), {});
  });
});

describe('catalogue pages', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let cat: Catalogue;
  interface Expected { key: string; name: string; object: string; filter: string; exptime: number; size: number; dateObs: string }
  const expected: Expected[] = [];
  const everyNight: Expected[] = [];
  const objects = ['M 31', 'NGC 7000', 'flat', 'bias', 'M_100%'];
  const filters = ['rp', 'gp', 'ip', 'V'];
  before(() => {
    tmp = makeTempDir('nightdeck-pages-');
    db = openDatabase(join(tmp.dir, 'nightdeck.db'));
    let t = 1;
    cat = new Catalogue(db, { now: () => new Date(Date.UTC(2024, 0, 1, 0, 0, t++)) });
    for (let i = 0; i < 40; i++) {
      const night = i < 30 ? '20240110' : '20240111';
      const name = `tst-cam-${night}-${String(1000 - i * 7).padStart(8, '0')}-EX00.fits`;
      const e: Expected = {
        key: `data/${name}`,
        name,
        object: objects[(i * 3) % objects.length]!,
        filter: filters[i % filters.length]!,
        exptime: [30, 5, 120, 60][(i * 7) % 4]!,
        size: 5000 + ((i * 37) % 23) * 100,
        dateObs: new Date(Date.UTC(2024, 0, 11, 2, 0, 0) + ((i * 13) % 40) * 60_000).toISOString(),
      };
      cat.upsertListing(listing(e.key, { size: e.size, nameFields: { site: 'tst', instrument: 'cam', night, frameNumber: i, reductionLevel: 'EX00' } }));
      cat.setSummary('s3:bucket', e.key, summary({ dateObs: e.dateObs, object: e.object, filter: e.filter, exptime: e.exptime }));
      if (night === '20240110') expected.push(e);
      everyNight.push(e);
    }
    cat.upsertListing(listing('other/x.fits', { source: 'folder:/night', nameFields: { site: null, instrument: null, night: '20240110', frameNumber: null, reductionLevel: null } }));
  });
  after(() => {
    db.close();
    tmp.cleanup();
  });

  const keys = (frames: FrameRecord[]) => frames.map((f) => f.key);
  const sortBy = <K extends keyof Expected>(k: K, dir: 1 | -1) =>
    [...expected].sort((a, b) => (a[k] < b[k] ? -dir : a[k] > b[k] ? dir : 0) || dir * (expected.indexOf(a) - expected.indexOf(b)));

  test('nights are listed newest first with their frame counts', () => {
    assert.deepEqual(
      cat.listNights().map((n) => [n.night, n.frameCount]),
      [['20240111', 10], ['20240110', 31]],
    );
    assert.deepEqual(cat.listNights({ source: 'folder:/night' }).map((n) => [n.night, n.frameCount]), [['20240110', 1]]);
    // Counts follow removals and frames that move to another night.
    const moved = cat.upsertListing(listing('data/mover.fits', { nameFields: { site: null, instrument: null, night: '20240111', frameNumber: null, reductionLevel: null } }));
    assert.equal(cat.listNights()[0]!.frameCount, 11);
    cat.upsertListing(listing('data/mover.fits', { size: 1, nameFields: { site: null, instrument: null, night: '20240112', frameNumber: null, reductionLevel: null } }));
    assert.deepEqual(cat.listNights().map((n) => [n.night, n.frameCount]).slice(0, 2), [['20240112', 1], ['20240111', 10]]);
    cat.remove('s3:bucket', moved.record.key);
    assert.deepEqual(cat.listNights().map((n) => [n.night, n.frameCount]), [['20240111', 10], ['20240110', 31]]);
  });

  test('a night pages in DATE-OBS order (newest first by default), with the total', () => {
    const all = sortBy('dateObs', -1).map((e) => e.key);
    const page1 = cat.listFrames({ night: '20240110', source: 's3:bucket', limit: 12 });
    const page2 = cat.listFrames({ night: '20240110', source: 's3:bucket', limit: 12, offset: 12 });
    const page3 = cat.listFrames({ night: '20240110', source: 's3:bucket', limit: 12, offset: 24 });
    assert.equal(page1.total, 30);
    assert.deepEqual([...keys(page1.frames), ...keys(page2.frames), ...keys(page3.frames)], all);
    assert.equal(page3.frames.length, 6);
    assert.deepEqual(page1.frames[0]!.summary?.headers, [], 'list rows leave the header out');
    assert.equal(cat.getById(page1.frames[0]!.id)!.summary!.headers.length, 1);
  });

  test('every sort column in both directions matches an independent sort of the fixture', () => {
    const cases: [FrameSort, keyof Expected][] = [
      ['name', 'name'], ['object', 'object'], ['filter', 'filter'], ['exptime', 'exptime'], ['size', 'size'], ['time', 'dateObs'],
    ];
    for (const [sort, field] of cases) {
      for (const order of ['asc', 'desc'] as const) {
        const got = cat.listFrames({ night: '20240110', source: 's3:bucket', sort, order, limit: 100 });
        const want = sortBy(field, order === 'asc' ? 1 : -1).map((e) => e[field]);
        assert.deepEqual(got.frames.map((f) => (field === 'name' ? f.name : field === 'size' ? f.size : field === 'dateObs' ? f.summary!.dateObs : f.summary![field as 'object'])), want, `${sort} ${order}`);
      }
    }
    const added = cat.listFrames({ night: '20240110', source: 's3:bucket', sort: 'added', order: 'asc', limit: 100 });
    assert.deepEqual(keys(added.frames), expected.map((e) => e.key));
  });

  test('filters by object and filter and a case-insensitive text search (wildcards literal) narrow the page and the total', () => {
    const m31 = cat.listFrames({ night: '20240110', object: 'M 31', limit: 100 });
    assert.deepEqual(new Set(keys(m31.frames)), new Set(expected.filter((e) => e.object === 'M 31').map((e) => e.key)));
    assert.equal(m31.total, m31.frames.length);
    const rpFlats = cat.listFrames({ night: '20240110', object: 'flat', filter: 'rp', limit: 100 });
    assert.deepEqual(new Set(keys(rpFlats.frames)), new Set(expected.filter((e) => e.object === 'flat' && e.filter === 'rp').map((e) => e.key)));
    const text = cat.listFrames({ night: '20240110', text: 'ngc', limit: 100 });
    assert.deepEqual(new Set(keys(text.frames)), new Set(expected.filter((e) => e.object === 'NGC 7000').map((e) => e.key)));
    const literalPercent = cat.listFrames({ night: '20240110', text: '_100%', limit: 100 });
    assert.deepEqual(new Set(keys(literalPercent.frames)), new Set(expected.filter((e) => e.object === 'M_100%').map((e) => e.key)));
    const byName = cat.listFrames({ night: '20240110', text: '00000993', limit: 100 });
    assert.deepEqual(keys(byName.frames), ['data/tst-cam-20240110-00000993-EX00.fits']);
    assert.equal(cat.listFrames({ night: '20240110', status: 'ready' }).total, 0);
    // Without a night the trigram index answers; it must agree with the scan.
    for (const t of ['ngc', 'NGC 70', '_100%', '00000993', 'rp', 'm 3']) {
      const got = cat.listFrames({ source: 's3:bucket', text: t, limit: 1000 });
      const lower = t.toLowerCase();
      const want = everyNight.filter((e) => [e.name, e.object, e.filter].some((v) => v.toLowerCase().includes(lower)));
      assert.deepEqual(new Set(keys(got.frames)), new Set(want.map((e) => e.key)), t);
      assert.equal(got.total, want.length, t);
    }
    assert.equal(cat.listFrames({ night: '20240110', status: 'listed' }).total, 31);
  });

  test('the text index follows new headers and removals', () => {
    cat.upsertListing(listing('data/late.fits'));
    assert.equal(cat.listFrames({ text: 'andromeda' }).total, 0);
    cat.setSummary('s3:bucket', 'data/late.fits', summary({ object: 'Andromeda' }));
    assert.deepEqual(keys(cat.listFrames({ text: 'andromeda' }).frames), ['data/late.fits']);
    cat.setSummary('s3:bucket', 'data/late.fits', summary({ object: 'Triangulum' }));
    assert.equal(cat.listFrames({ text: 'andromeda' }).total, 0);
    cat.remove('s3:bucket', 'data/late.fits');
    assert.equal(cat.listFrames({ text: 'triangulum' }).total, 0);
    const { pageSql, pageParams } = cat.buildFrameQuery({ text: 'triangulum' });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${pageSql}`).all(...pageParams) as { detail: string }[]).map((r) => r.detail).join(' | ');
    assert.match(plan, /VIRTUAL TABLE INDEX/, plan);
  });

  test('a sorted, filtered page of one night is answered from an index, without a temporary sort', () => {
    for (const q of [
      { night: '20240110', sort: 'time' as const },
      { night: '20240110', sort: 'name' as const, order: 'asc' as const, text: 'M' },
      { night: '20240110', sort: 'exptime' as const, object: 'flat' },
      { night: '20240110', sort: 'added' as const, filter: 'rp' },
    ]) {
      const { pageSql, pageParams } = cat.buildFrameQuery(q);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${pageSql}`).all(...pageParams) as { detail: string }[]).map((r) => r.detail).join(' | ');
      assert.match(plan, /USING INDEX frames_night_/, plan);
      assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
    }
  });
});
