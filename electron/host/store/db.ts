/**
 * Opening the one NightDeck database: WAL (readers never block the writer), foreign
 * keys, a busy timeout so two processes can write in turn, and migrations applied in
 * order, each in its own transaction, after a backup copy of an existing database.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from './errors.js';
import { LATEST_SCHEMA_VERSION, migrations } from './schema.js';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Milliseconds a write waits for another process's transaction (default 5000). */
  busyTimeoutMs?: number;
  /**
   * Path of a better-sqlite3 addon built for another ABI. The desktop app runs inside
   * Electron, whose ABI differs from Node's: `npm start` builds a copy for Electron and
   * passes it here (NIGHTDECK_SQLITE_BINDING), leaving node_modules' Node build alone.
   */
  nativeBinding?: string;
}

/** The schema version recorded in the database (0 for a new, empty file). */
export function schemaVersion(db: Db): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).get();
  if (!table) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Path of the copy taken before migrating a database from version `fromVersion`. */
export function backupPathFor(dbPath: string, fromVersion: number): string {
  return `${dbPath}.bak-v${fromVersion}`;
}

function backupBeforeMigrating(db: Db, dbPath: string, fromVersion: number): void {
  const target = backupPathFor(dbPath, fromVersion);
  rmSync(target, { force: true });
  // VACUUM INTO writes a consistent snapshot even while other readers are active.
  db.prepare('VACUUM INTO ?').run(target);
}

function migrate(db: Db, dbPath: string): void {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      `database ${dbPath} has schema version ${current}, newer than this NightDeck knows (${LATEST_SCHEMA_VERSION})`,
    );
  }
  if (current === LATEST_SCHEMA_VERSION) return;
  if (current > 0 && dbPath !== ':memory:') backupBeforeMigrating(db, dbPath, current);
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const m of migrations) {
    // IMMEDIATE takes the write lock first, so a second process opening the same
    // file at the same moment waits, then sees the version already applied.
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      m.up(db);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
    }).immediate();
  }
}

/** Opens (creating if needed) and migrates the database at `path`. */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  const readonly = opts.readonly ?? false;
  if (path !== ':memory:' && !readonly) mkdirSync(dirname(path), { recursive: true });
  if (readonly && !existsSync(path)) throw new StoreError('DB_ERROR', `database ${path} does not exist`);
  let db: Db;
  try {
    const nativeBinding = opts.nativeBinding ?? process.env.NIGHTDECK_SQLITE_BINDING;
    db = new Database(path, { readonly, fileMustExist: readonly, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    throw new StoreError('DB_ERROR', `cannot open database ${path}: ${(err as Error).message}`);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!readonly) migrate(db, path);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreError('DB_ERROR', `${path} is not a usable SQLite database (${code})`);
    }
    throw err;
  }
}
