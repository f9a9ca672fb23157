/**
 * The SAMP source on a real catalogue: frames copied into the cache, named safely, refused
 * when not FITS or too large (nothing left behind), replaced per image-id, and capped in number.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeTempDir } from '../../helpers/tmp.js';
import { writeFrame } from '../../e2e/helpers/fits-fixture.js';
import { openDatabase } from '../../../electron/host/store/db.js';
import { Catalogue } from '../../../electron/host/store/catalogue.js';
import { SourceEvents } from '../../../electron/host/sources/events.js';
import { SampSource, frameFileName } from '../../../electron/host/samp/samp-source.js';

describe('the SAMP source', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: ReturnType<typeof openDatabase>;
  let catalogue: Catalogue;
  const url = (name: string): string => pathToFileURL(join(tmp.dir, name)).href;
  const silent = { info() {}, warn() {}, error() {}, debug() {} };

  before(() => {
    tmp = makeTempDir('nightdeck-samp-src-');
    for (let i = 1; i <= 3; i++) writeFrame(join(tmp.dir, `f${i}.fits`), { width: 20, height: 10, seed: i, dateObs: '2024-01-02T03:00:00' });
    writeFileSync(join(tmp.dir, 'junk.fits'), 'x'.repeat(5000));
    db = openDatabase(join(tmp.dir, 'db.sqlite'));
    catalogue = new Catalogue(db, { siteLongitudeDeg: 0 });
  });

  after(() => {
    db.close();
    tmp.cleanup();
  });

  it('names frames safely, with the extension their content calls for', () => {
    assert.equal(frameFileName('M 31 / r band', 'x.fits', 'fits'), 'M_31___r_band.fits');
    assert.equal(frameFileName(undefined, 'image.fits.gz', 'gzip'), 'image.fits.gz');
    const escaped = frameFileName(undefined, '../../etc/passwd', 'fits');
    assert.ok(!escaped.includes('/') && !escaped.startsWith('.') && escaped.endsWith('.fits'), escaped);
    assert.equal(frameFileName('', '', 'bzip2'), 'samp-image.fits.bz2');
    assert.equal(frameFileName('..hidden', 'a', 'fits'), 'hidden.fits');
  });

  it('copies, lists, replaces per image-id, refuses junk and oversized files, and keeps at most N frames', async () => {
    const events = new SourceEvents();
    const removed: number[] = [];
    events.on('imageRemoved', (r) => removed.push(r.id));
    const source = new SampSource(join(tmp.dir, 'cache'), { catalogue, events, logger: silent }, { maxBytes: 100_000 }, 2);
    const a = await source.load({ url: url('f1.fits'), name: 'first', imageId: 'i1', senderId: 'c1' });
    assert.equal(a.change, 'added');
    assert.equal(a.record.status, 'ready');
    assert.ok(a.record.localPath!.startsWith(source.root));
    assert.equal(await source.ensureLocal(a.record.key), a.record.localPath);
    const again = await source.load({ url: url('f2.fits'), name: 'first', imageId: 'i1', senderId: 'c1' });
    assert.equal(again.record.key, a.record.key, 'same sender + image-id: same frame');
    assert.equal(again.change, 'updated');
    await assert.rejects(source.load({ url: url('junk.fits') }), (e: { code?: string }) => e.code === 'NOT_FITS');
    await assert.rejects(source.load({ url: url('missing.fits') }), (e: { code?: string }) => e.code === 'URL_UNREADABLE');
    await assert.rejects(new SampSource(join(tmp.dir, 'cache'), { catalogue, events, logger: silent }, { maxBytes: 1000 }).load({ url: url('f1.fits') }), (e: { code?: string }) => e.code === 'TOO_LARGE');
    assert.deepEqual(readdirSync(join(source.root, '.partial')), [], 'nothing half-copied is kept');
    const b = await source.load({ url: url('f2.fits') });
    const c = await source.load({ url: url('f3.fits') });
    const keys = catalogue.keysOf('SAMP').sort();
    assert.deepEqual(keys, [b.record.key, c.record.key].sort(), 'the oldest frame made way');
    assert.deepEqual(removed, [a.record.id]);
    assert.equal(existsSync(a.record.localPath!), false, 'and its file is gone');
  });
});
