import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, statSync, existsSync } from 'node:fs';
import { makeTempDir } from '../../helpers/tmp.js';
import { openDatabase } from '../../../electron/host/store/db.js';
import { FplaneStore } from '../../../electron/host/store/fplane.js';
import { Catalogue } from '../../../electron/host/store/catalogue.js';
import { makeSeats, seatsToText, startChild, waitForExit, waitForOutput } from './fixtures.js';

test('a writer killed (SIGKILL) in the middle of a large commit leaves the previous configuration intact', async () => {
  const tmp = makeTempDir('nightdeck-crash-');
  try {
    const dbPath = join(tmp.dir, 'nightdeck.db');
    const db = openDatabase(dbPath);
    const store = new FplaneStore(db);
    store.importText(seatsToText(makeSeats(1)), '20240101');
    const before = store.getText('latest');
    const historyBefore = store.history();
    db.close();

    const textPath = join(tmp.dir, 'next.txt');
    writeFileSync(textPath, seatsToText(makeSeats(2)));
    // The child opens its own transaction around 40 imports (3,640 rows), with a tiny page
    // cache so SQLite spills uncommitted pages into the WAL, then stops before COMMIT.
    const child = startChild(
      tmp.dir,
      'writer',
      `const db = openDatabase(args[0]);
       db.pragma('cache_size = 10');
       const store = new FplaneStore(db);
       const text = readFileSync(args[1], 'utf8');
       db.transaction(() => {
         for (let i = 0; i < 40; i++) store.importText(text, '20240201');
         writeSync(1, 'IN_TRANSACTION\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // hold the transaction open until killed
       })();`,
      [dbPath, textPath],
    );
    const exited = waitForExit(child);
    await waitForOutput(child, 'IN_TRANSACTION');
    assert.ok(existsSync(`${dbPath}-wal`) && statSync(`${dbPath}-wal`).size > 64 * 1024, 'uncommitted pages reached the WAL');
    child.kill('SIGKILL');
    assert.equal((await exited).signal, 'SIGKILL');

    const after = openDatabase(dbPath);
    try {
      assert.equal(after.pragma('integrity_check', { simple: true }), 'ok');
      const s = new FplaneStore(after);
      assert.deepEqual(s.history(), historyBefore);
      assert.equal(s.getText('latest'), before);
      assert.equal(s.getText('20240301'), before);
    } finally {
      after.close();
    }
  } finally {
    tmp.cleanup();
  }
});

test('a process killed while importing large fplane files leaves only whole configurations', async () => {
  const tmp = makeTempDir('nightdeck-crash-loop-');
  try {
    const dbPath = join(tmp.dir, 'nightdeck.db');
    openDatabase(dbPath).close();
    // 91 seats plus 8,000 commented-out entries: each import writes ~8k rows in one transaction.
    const seats = makeSeats(5);
    const extra = Array.from({ length: 8_000 }, (_, i) => `#${String(i % 1000).padStart(3, '0')} ${i} ${-i} 001 001 001 0.0 1.0`);
    const textPath = join(tmp.dir, 'big.txt');
    writeFileSync(textPath, seatsToText(seats) + extra.join('\n') + '\n');
    const expectedSeats = seats.length + extra.length;
    const child = startChild(
      tmp.dir,
      'looper',
      `const db = openDatabase(args[0]);
       db.pragma('cache_size = 10');
       const store = new FplaneStore(db);
       const text = readFileSync(args[1], 'utf8');
       for (let i = 0; ; i++) {
         store.importText(text, '20240101');
         if (i === 1) writeSync(1, 'TWO_COMMITTED\\n');
       }`,
      [dbPath, textPath],
    );
    const exited = waitForExit(child);
    await waitForOutput(child, 'TWO_COMMITTED');
    await new Promise((r) => setTimeout(r, 120)); // somewhere inside a later import
    child.kill('SIGKILL');
    await exited;
    const db = openDatabase(dbPath);
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const history = new FplaneStore(db).history();
      assert.ok(history.length >= 2);
      for (const h of history) assert.equal(h.seats, expectedSeats, `configuration ${h.id} is whole`);
      const orphans = db.prepare('SELECT COUNT(*) AS n FROM fplane_ifus WHERE config_id NOT IN (SELECT id FROM fplane_configs)').get() as { n: number };
      assert.equal(orphans.n, 0);
    } finally {
      db.close();
    }
  } finally {
    tmp.cleanup();
  }
});

test('two processes writing at once both succeed (busy timeout) and nothing is lost', async () => {
  const tmp = makeTempDir('nightdeck-concurrent-');
  try {
    const dbPath = join(tmp.dir, 'nightdeck.db');
    openDatabase(dbPath).close();
    const textPath = join(tmp.dir, 'fplane.txt');
    writeFileSync(textPath, seatsToText(makeSeats(3)));
    const body = `const db = openDatabase(args[0]);
      const cat = new Catalogue(db);
      const fp = new FplaneStore(db);
      const text = readFileSync(args[2], 'utf8');
      for (let i = 0; i < 120; i++) {
        cat.upsertListing({ source: 'folder:/' + args[1], key: args[1] + '-' + i + '.fits', name: args[1] + '-' + i + '.fits',
          directory: '', size: 1000 + i, etag: null, lastModified: '2024-01-02T03:00:00Z',
          nameFields: { site: null, instrument: null, night: '20240101', frameNumber: i, reductionLevel: null } });
        if (i % 12 === 0) fp.importText(text, '2024' + String(1 + (i % 12)).padStart(2, '0') + '01');
      }
      db.close();
      writeSync(1, 'DONE\\n');`;
    const a = startChild(tmp.dir, 'a', body, [dbPath, 'a', textPath]);
    const b = startChild(tmp.dir, 'b', body, [dbPath, 'b', textPath]);
    const [ra, rb] = await Promise.all([waitForExit(a), waitForExit(b)]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    const db = openDatabase(dbPath);
    try {
      const cat = new Catalogue(db);
      assert.equal(cat.keysOf('folder:/a').length, 120);
      assert.equal(cat.keysOf('folder:/b').length, 120);
      assert.equal(cat.listNights()[0]!.frameCount, 240);
      assert.equal(new FplaneStore(db).history().length, 20);
    } finally {
      db.close();
    }
  } finally {
    tmp.cleanup();
  }
});
