import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { makeTempDir } from '../../helpers/tmp.js';
import { openDatabase, schemaVersion, backupPathFor } from '../../../electron/host/store/db.js';
import { LATEST_SCHEMA_VERSION } from '../../../electron/host/store/schema.js';
import { Catalogue } from '../../../electron/host/store/catalogue.js';
import { UserStore } from '../../../electron/host/store/users.js';

/** The first released schema, written out by hand as an older NightDeck left it. */
const V1_SQL = `
  CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
  INSERT INTO schema_version VALUES (1, '2024-01-01T00:00:00.000Z');
  CREATE TABLE frames (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL,
    directory TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0, etag TEXT, last_modified TEXT,
    site TEXT, instrument TEXT, name_night TEXT, frame_number INTEGER, reduction_level TEXT, night TEXT NOT NULL,
    date_obs TEXT, exptime REAL, filter TEXT, object TEXT, shape TEXT, bitpix INTEGER, headers TEXT,
    status TEXT NOT NULL DEFAULT 'listed' CHECK (status IN ('listed', 'downloading', 'ready', 'error')),
    error TEXT, local_path TEXT, stats TEXT, quality TEXT, thumbnail_path TEXT,
    added_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (source, key));
  CREATE INDEX frames_night_time ON frames (night, date_obs);
  CREATE TABLE source_state (source TEXT PRIMARY KEY, state TEXT NOT NULL);
  INSERT INTO frames (source, key, name, size, etag, night, date_obs, exptime, filter, object, shape, bitpix, headers,
                      status, local_path, added_at, updated_at)
  VALUES ('s3:bucket', 'data/tst-test-20240101-00000001-EX00.fits.bz2', 'tst-test-20240101-00000001-EX00.fits.bz2',
          1234, '"abc"', '20240101', '2024-01-02T03:04:05.000Z', 30, 'rp', 'M 42', '[4096,4096]', 16,
          '[[{"key":"SIMPLE","value":true}]]', 'ready', '/cache/f.fits', '2024-01-02T03:05:00.000Z', '2024-01-02T03:05:00.000Z');
  INSERT INTO source_state VALUES ('s3:bucket', '{"lastKey":{"data":"data/tst-test-20240101-00000001-EX00.fits.bz2"}}');
`;

test('migrating a version-1 database keeps its frames and source state and leaves a backup of the old file', () => {
  const tmp = makeTempDir('nightdeck-migrate-');
  try {
    const path = join(tmp.dir, 'nightdeck.db');
    const old = new Database(path);
    old.exec(V1_SQL);
    old.close();

    const db = openDatabase(path);
    try {
      assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
      assert.ok(LATEST_SCHEMA_VERSION > 1);
      const cat = new Catalogue(db);
      const f = cat.get('s3:bucket', 'data/tst-test-20240101-00000001-EX00.fits.bz2');
      assert.ok(f);
      assert.equal(f.summary?.object, 'M 42');
      assert.deepEqual(f.summary?.shape, [4096, 4096]);
      assert.equal(f.status, 'ready');
      assert.equal(f.localPath, '/cache/f.fits');
      assert.deepEqual(f.summary?.headers, [[{ key: 'SIMPLE', value: true }]], 'headers moved to their own table');
      assert.deepEqual(cat.listNights(), [{ night: '20240101', frameCount: 1, lastAddedAt: '2024-01-02T03:05:00.000Z' }]);
      assert.deepEqual(cat.getSourceState('s3:bucket'), { lastKey: { data: 'data/tst-test-20240101-00000001-EX00.fits.bz2' } });
      // The tables added by later versions work.
      const users = new UserStore(db);
      users.add({ username: 'obs', email: 'obs@example.org', first: 'O', last: 'B', role: 'observer' });
      assert.equal(users.list().length, 1);
      const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frames'`).all() as { name: string }[]).map((r) => r.name);
      assert.ok(indexes.includes('frames_night_name'));
    } finally {
      db.close();
    }

    const backup = backupPathFor(path, 1);
    assert.ok(existsSync(backup), 'backup of the version-1 file exists');
    const copy = new Database(backup, { readonly: true });
    try {
      assert.equal((copy.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v, 1);
      assert.equal((copy.prepare('SELECT COUNT(*) AS n FROM frames').get() as { n: number }).n, 1);
    } finally {
      copy.close();
    }

    // Opening again migrates nothing and takes no new backup.
    const again = openDatabase(path);
    again.close();
    assert.ok(!existsSync(backupPathFor(path, LATEST_SCHEMA_VERSION)));
  } finally {
    tmp.cleanup();
  }
});

test('a new database gets the latest schema without a backup, with WAL and foreign keys on', () => {
  const tmp = makeTempDir('nightdeck-migrate-');
  try {
    const path = join(tmp.dir, 'sub', 'nightdeck.db');
    const db = openDatabase(path);
    try {
      assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
    } finally {
      db.close();
    }
    assert.ok(!existsSync(backupPathFor(path, 0)));
  } finally {
    tmp.cleanup();
  }
});

test('a database from a newer NightDeck or a file that is not SQLite is refused with a typed error', () => {
  const tmp = makeTempDir('nightdeck-migrate-');
  try {
    const newer = join(tmp.dir, 'newer.db');
    const raw = new Database(newer);
    raw.exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL); INSERT INTO schema_version VALUES (999, 'x');`);
    raw.close();
    assert.throws(() => openDatabase(newer), { code: 'SCHEMA_TOO_NEW' });
    const junk = join(tmp.dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(8192, 0x41));
    assert.throws(() => openDatabase(junk), { code: 'DB_ERROR' });
    assert.throws(() => openDatabase(join(tmp.dir, 'missing.db'), { readonly: true }), { code: 'DB_ERROR' });
  } finally {
    tmp.cleanup();
  }
});
