/**
 * Grading in the catalogue: schema version 7 migrates a version-6 database (with a backup of
 * it first, as every migration does), and criteria and verdicts persist across reopening.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeTempDir } from '../../helpers/tmp.js';
import { backupPathFor, openDatabase, schemaVersion } from '../../../electron/host/store/db.js';
import { Catalogue } from '../../../electron/host/store/catalogue.js';
import { GradingStore } from '../../../electron/host/store/grading.js';

test('a version-6 database migrates to grading tables, keeping a backup; criteria and verdicts survive reopening', () => {
  const tmp = makeTempDir('nightdeck-grading-');
  try {
    const path = join(tmp.dir, 'nightdeck.db');
    // A database as version 6 left it: the latest schema minus the grading tables.
    const fresh = openDatabase(path);
    const cat = new Catalogue(fresh, { siteLongitudeDeg: -104 });
    const { record } = cat.upsertListing({
      source: 'folder:/n', key: 'a.fits', name: 'a.fits', directory: '', size: 10, etag: null, lastModified: '2026-03-10T04:00:00Z',
      nameFields: { site: null, instrument: null, night: '20260309', frameNumber: null, reductionLevel: null },
    });
    cat.setAnalysis(record.id, { quality: { background: 900, starCount: 4, fwhmMedianPx: 3, elongationMedian: 1.05 } });
    fresh.exec('DROP TABLE grading_criteria; DROP TABLE frame_verdicts; DELETE FROM schema_version WHERE version = 7;');
    fresh.close();
    const raw = new Database(path);
    assert.equal(schemaVersion(raw), 6);
    raw.close();

    let db = openDatabase(path);
    assert.equal(schemaVersion(db), 7);
    assert.ok(existsSync(backupPathFor(path, 6)), 'the version-6 file is kept before migrating');
    let store = new GradingStore(db);
    const catalogue = new Catalogue(db, { siteLongitudeDeg: -104 });
    let g = store.gradeNight(catalogue, '20260309');
    assert.equal(g.frames[0]!.verdict, 'bad');
    assert.deepEqual(g.frames[0]!.reasons, ['4 stars < 10']);
    store.setCriteria('20260309', { minStars: 3 });
    assert.throws(() => store.setCriteria('20260309', { maxFwhmPx: -1 }), { code: 'BAD_ARGUMENT' });
    assert.throws(() => store.setVerdict(424242, 'good'), { code: 'NOT_FOUND' });
    assert.equal(store.gradeNight(catalogue, '20260309').frames[0]!.verdict, 'good');
    store.setVerdict(record.id, 'bad');
    db.close();

    db = openDatabase(path);
    store = new GradingStore(db);
    g = store.gradeNight(new Catalogue(db, { siteLongitudeDeg: -104 }), '20260309');
    assert.equal(g.criteria.minStars, 3);
    assert.deepEqual([g.frames[0]!.auto, g.frames[0]!.override, g.frames[0]!.verdict], ['good', 'bad', 'bad']);
    assert.deepEqual(store.criteria('20260310'), { criteria: store.criteria('20260310').criteria, defaults: true }, 'another night keeps the defaults');
    // Removing the frame removes its verdict with it.
    new Catalogue(db, { siteLongitudeDeg: -104 }).remove('folder:/n', 'a.fits');
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM frame_verdicts').get() as { n: number }).n, 0);
    db.close();
  } finally {
    tmp.cleanup();
  }
});
