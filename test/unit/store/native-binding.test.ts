import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { openDatabase } from '../../../electron/host/store/db.js';
import { makeTempDir } from '../../helpers/tmp.js';

const require = createRequire(import.meta.url);
const nodeBuild = join(require.resolve('better-sqlite3/package.json'), '..', 'build', 'Release', 'better_sqlite3.node');

test('the database opens with an explicitly given addon (how the desktop app loads its Electron build)', () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const db = openDatabase(join(dir, 'a.db'), { nativeBinding: nodeBuild });
    assert.equal((db.prepare('SELECT 1 + 1 AS two').get() as { two: number }).two, 2);
    db.close();
  } finally {
    cleanup();
  }
});

test('a missing addon path gives a typed DB_ERROR naming it, not a crash', () => {
  const { dir, cleanup } = makeTempDir();
  try {
    assert.throws(
      () => openDatabase(join(dir, 'b.db'), { nativeBinding: join(dir, 'missing.node') }),
      (err: { code?: string; message?: string }) => err.code === 'DB_ERROR' && /missing\.node/.test(String(err.message)),
    );
  } finally {
    cleanup();
  }
});
