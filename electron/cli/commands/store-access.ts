/**
 * How the store commands reach the database: the one in the data directory
 * (`NIGHTDECK_HOME` or the platform default), opened and migrated, closed after use.
 */
import { readFileSync } from 'node:fs';
import { dataPaths, resolveDataDir } from '../../host/paths.js';
import { openDatabase, type Db } from '../../host/store/db.js';
import { StoreError } from '../../host/store/errors.js';
import { HET_LONGITUDE_DEG } from '../../host/store/fplane.js';

export async function withDatabase<T>(work: (db: Db) => T | Promise<T>): Promise<T> {
  const db = openDatabase(dataPaths(resolveDataDir()).db);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/** Site longitude: NIGHTDECK_SITE_LONGITUDE, else the settings file, else the HET's. */
export function siteLongitudeDeg(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.NIGHTDECK_SITE_LONGITUDE);
  if (env.NIGHTDECK_SITE_LONGITUDE?.trim() && Number.isFinite(fromEnv)) return fromEnv;
  try {
    const file = JSON.parse(readFileSync(dataPaths(resolveDataDir(env)).settings, 'utf8')) as {
      settings?: { siteLongitudeDeg?: unknown };
    };
    const v = file.settings?.siteLongitudeDeg;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  } catch {
    // No or unreadable settings file: the default site.
  }
  return HET_LONGITUDE_DEG;
}

/** Reads a text file named on the command line; a missing file is a clear typed error. */
export function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new StoreError('BAD_ARGUMENT', `cannot read ${path}: ${reason}`);
  }
}
