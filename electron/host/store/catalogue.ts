/**
 * The image catalogue: one row per (source, key). Sources write through the agreed
 * `CatalogueWriter` methods; the host and UI read pages of a night. Every write is a
 * single statement or an IMMEDIATE transaction, so a killed process leaves no half row.
 */
import type { Db } from './db.js';
import { StoreError } from './errors.js';
import { fromJson, toJson } from './json.js';
import { isNightName, nightOf, nightOfMs, parseUtc } from './night.js';
import type {
  CatalogueWriter,
  FrameHeaderSummary,
  FrameListing,
  FrameRecord,
  FrameStatus,
} from './catalogue-types.js';

export type FrameSort = 'time' | 'name' | 'object' | 'filter' | 'exptime' | 'size' | 'added';

export interface FrameListQuery {
  night?: string;
  source?: string;
  offset?: number;
  limit?: number;
  sort?: FrameSort;
  order?: 'asc' | 'desc';
  /** Exact OBJECT. */
  object?: string;
  /** Exact FILTER. */
  filter?: string;
  /** Case-insensitive substring of the name, OBJECT or FILTER. */
  text?: string;
  status?: FrameStatus;
}

export interface NightSummary {
  night: string;
  frameCount: number;
  lastAddedAt: string;
}

export interface AnalysisResults {
  stats?: Record<string, number> | null;
  quality?: Record<string, unknown> | null;
  thumbnailPath?: string | null;
}

export interface CatalogueOptions {
  /** Degrees east; names nights derived from DATE-OBS or lastModified (default 0). */
  siteLongitudeDeg?: number;
  /** Clock for added/updated times (tests). */
  now?: () => Date;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;

const SORT_COLUMNS: Record<FrameSort, string> = {
  time: 'date_obs',
  name: 'name',
  object: 'object',
  filter: 'filter',
  exptime: 'exptime',
  size: 'size',
  added: 'added_at',
};

/** Every column but the (large) header JSON, for list pages. */
const LIST_COLUMNS = `id, source, key, name, directory, size, etag, last_modified, site, instrument, name_night,
  frame_number, reduction_level, night, date_obs, exptime, filter, object, shape, bitpix,
  summary_at IS NOT NULL AS has_summary, status, error, local_path, stats, quality, thumbnail_path, added_at, updated_at`;

/** A whole frame with its header JSON (kept in its own table so list scans stay narrow). */
const FULL_ROW_SQL = 'SELECT f.*, h.headers FROM frames f LEFT JOIN frame_headers h ON h.frame_id = f.id';

interface FrameRow {
  id: number;
  source: string;
  key: string;
  name: string;
  directory: string;
  size: number;
  etag: string | null;
  last_modified: string | null;
  site: string | null;
  instrument: string | null;
  name_night: string | null;
  frame_number: number | null;
  reduction_level: string | null;
  night: string;
  date_obs: string | null;
  exptime: number | null;
  filter: string | null;
  object: string | null;
  shape: string | null;
  bitpix: number | null;
  /** Only in full rows (joined from frame_headers). */
  headers?: string | null;
  summary_at?: string | null;
  has_summary?: number;
  status: FrameStatus;
  error: string | null;
  local_path: string | null;
  stats: string | null;
  quality: string | null;
  thumbnail_path: string | null;
  added_at: string;
  updated_at: string;
}

function rowToRecord(row: FrameRow): FrameRecord {
  const hasSummary = row.has_summary !== undefined ? row.has_summary === 1 : row.summary_at != null;
  const summary: FrameHeaderSummary | null = hasSummary
    ? {
        dateObs: row.date_obs,
        exptime: row.exptime,
        filter: row.filter,
        object: row.object,
        shape: fromJson<number[]>(row.shape) ?? [],
        bitpix: row.bitpix,
        headers: row.headers ? (JSON.parse(row.headers) as FrameHeaderSummary['headers']) : [],
      }
    : null;
  return {
    id: row.id,
    source: row.source,
    key: row.key,
    name: row.name,
    directory: row.directory,
    size: row.size,
    etag: row.etag,
    lastModified: row.last_modified,
    nameFields: {
      site: row.site,
      instrument: row.instrument,
      night: row.name_night,
      frameNumber: row.frame_number,
      reductionLevel: row.reduction_level,
    },
    night: row.night,
    status: row.status,
    error: row.error,
    summary,
    localPath: row.local_path,
    stats: fromJson<Record<string, number>>(row.stats),
    quality: fromJson<Record<string, unknown>>(row.quality),
    thumbnailPath: row.thumbnail_path,
    addedAt: row.added_at,
    updatedAt: row.updated_at,
  };
}

/** `%text%` for LIKE with the wildcards in the text itself escaped (ESCAPE '\'). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class Catalogue implements CatalogueWriter {
  private siteLongitudeDeg: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    opts: CatalogueOptions = {},
  ) {
    this.siteLongitudeDeg = opts.siteLongitudeDeg ?? 0;
    this.now = opts.now ?? (() => new Date());
  }

  /** Longitude for nights derived from timestamps from now on (existing rows keep theirs). */
  setSiteLongitude(longitudeDeg: number): void {
    this.siteLongitudeDeg = longitudeDeg;
  }

  /** Night: from the name, else DATE-OBS at the site longitude, else lastModified, else now. */
  deriveNight(nameNight: string | null, dateObs: string | null, lastModified: string | null): string {
    if (nameNight && isNightName(nameNight)) return nameNight;
    for (const stamp of [dateObs, lastModified]) {
      if (stamp && parseUtc(stamp) !== null) return nightOf(stamp, this.siteLongitudeDeg);
    }
    return nightOfMs(this.now().getTime(), this.siteLongitudeDeg);
  }

  // --- CatalogueWriter -------------------------------------------------------------------

  upsertListing(listing: FrameListing): { record: FrameRecord; change: 'added' | 'updated' | 'unchanged' } {
    return this.db
      .transaction(() => {
        const existing = this.selectRow(listing.source, listing.key);
        const nowIso = this.now().toISOString();
        const f = listing.nameFields;
        if (!existing) {
          const night = this.deriveNight(f.night, null, listing.lastModified);
          this.db
            .prepare(
              `INSERT INTO frames (source, key, name, directory, size, etag, last_modified, site, instrument,
                 name_night, frame_number, reduction_level, night, status, added_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'listed', ?, ?)`,
            )
            .run(
              listing.source, listing.key, listing.name, listing.directory, listing.size, listing.etag,
              listing.lastModified, f.site, f.instrument, f.night, f.frameNumber, f.reductionLevel, night, nowIso, nowIso,
            );
          return { record: this.mustGet(listing.source, listing.key), change: 'added' as const };
        }
        const changed = existing.etag !== listing.etag || existing.size !== listing.size;
        if (!changed) return { record: rowToRecord(existing), change: 'unchanged' as const };
        // New content: what was read or measured on the old bytes no longer holds.
        const night = this.deriveNight(f.night, null, listing.lastModified);
        this.db
          .prepare(
            `UPDATE frames SET name = ?, directory = ?, size = ?, etag = ?, last_modified = ?, site = ?, instrument = ?,
               name_night = ?, frame_number = ?, reduction_level = ?, night = ?, date_obs = NULL, exptime = NULL,
               filter = NULL, object = NULL, shape = NULL, bitpix = NULL, summary_at = NULL, status = 'listed',
               error = NULL, local_path = NULL, stats = NULL, quality = NULL, thumbnail_path = NULL, updated_at = ?
             WHERE id = ?`,
          )
          .run(
            listing.name, listing.directory, listing.size, listing.etag, listing.lastModified, f.site, f.instrument,
            f.night, f.frameNumber, f.reductionLevel, night, nowIso, existing.id,
          );
        this.db.prepare('DELETE FROM frame_headers WHERE frame_id = ?').run(existing.id);
        return { record: this.mustGet(listing.source, listing.key), change: 'updated' as const };
      })
      .immediate();
  }

  setSummary(source: string, key: string, summary: FrameHeaderSummary): FrameRecord {
    return this.db
      .transaction(() => {
        const row = this.selectRow(source, key);
        if (!row) throw new StoreError('NOT_FOUND', `no frame ${key} in source ${source}`);
        const night = this.deriveNight(row.name_night, summary.dateObs, row.last_modified);
        const nowIso = this.now().toISOString();
        this.db
          .prepare(
            `UPDATE frames SET date_obs = ?, exptime = ?, filter = ?, object = ?, shape = ?, bitpix = ?,
               night = ?, summary_at = ?, updated_at = ? WHERE id = ?`,
          )
          .run(
            summary.dateObs, summary.exptime, summary.filter, summary.object, toJson(summary.shape), summary.bitpix,
            night, nowIso, nowIso, row.id,
          );
        this.db
          .prepare('INSERT INTO frame_headers (frame_id, headers) VALUES (?, ?) ON CONFLICT (frame_id) DO UPDATE SET headers = excluded.headers')
          .run(row.id, toJson(summary.headers));
        return this.mustGet(source, key);
      })
      .immediate();
  }

  setStatus(
    source: string,
    key: string,
    status: FrameStatus,
    detail: { error?: string | null; localPath?: string | null } = {},
  ): FrameRecord {
    return this.db
      .transaction(() => {
        const row = this.selectRow(source, key);
        if (!row) throw new StoreError('NOT_FOUND', `no frame ${key} in source ${source}`);
        const error = status === 'error' ? (detail.error ?? row.error ?? 'unknown error') : null;
        const localPath = detail.localPath !== undefined ? detail.localPath : row.local_path;
        this.db
          .prepare('UPDATE frames SET status = ?, error = ?, local_path = ?, updated_at = ? WHERE id = ?')
          .run(status, error, localPath, this.now().toISOString(), row.id);
        return this.mustGet(source, key);
      })
      .immediate();
  }

  remove(source: string, key: string): FrameRecord | null {
    return this.db
      .transaction(() => {
        const row = this.selectRow(source, key);
        if (!row) return null;
        this.db.prepare('DELETE FROM frames WHERE id = ?').run(row.id);
        return rowToRecord(row);
      })
      .immediate();
  }

  get(source: string, key: string): FrameRecord | null {
    const row = this.selectRow(source, key);
    return row ? rowToRecord(row) : null;
  }

  keysOf(source: string): string[] {
    return (this.db.prepare('SELECT key FROM frames WHERE source = ? ORDER BY key').all(source) as { key: string }[]).map(
      (r) => r.key,
    );
  }

  getSourceState(source: string): Record<string, unknown> {
    const row = this.db.prepare('SELECT state FROM source_state WHERE source = ?').get(source) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as Record<string, unknown>) : {};
  }

  setSourceState(source: string, state: Record<string, unknown>): void {
    this.db
      .prepare('INSERT INTO source_state (source, state) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET state = excluded.state')
      .run(source, toJson(state));
  }

  // --- reads for the host and UI ---------------------------------------------------------

  /** Nights with their frame counts, newest night first. */
  listNights(opts: { source?: string } = {}): NightSummary[] {
    const where = opts.source !== undefined ? 'WHERE source = ?' : '';
    const params = opts.source !== undefined ? [opts.source] : [];
    return this.db
      .prepare(
        `SELECT night, SUM(frame_count) AS frameCount, MAX(last_added_at) AS lastAddedAt FROM night_counts ${where}
         GROUP BY night ORDER BY night DESC`,
      )
      .all(...params) as NightSummary[];
  }

  /** The SQL and parameters of a page query (exposed so tests can check its plan uses an index). */
  buildFrameQuery(q: FrameListQuery): { pageSql: string; countSql: string; params: unknown[]; pageParams: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.night !== undefined) (where.push('night = ?'), params.push(q.night));
    if (q.source !== undefined) (where.push('source = ?'), params.push(q.source));
    if (q.object !== undefined) (where.push('object = ?'), params.push(q.object));
    if (q.filter !== undefined) (where.push('filter = ?'), params.push(q.filter));
    if (q.status !== undefined) (where.push('status = ?'), params.push(q.status));
    const text = q.text?.trim() ?? '';
    if (text !== '' && q.night === undefined && [...text].length >= 3) {
      // Across nights: the trigram index finds substrings without scanning every row.
      where.push('id IN (SELECT rowid FROM frames_text WHERE frames_text MATCH ?)');
      params.push(`"${text.replaceAll('"', '""')}"`);
    } else if (text !== '') {
      // Within a night (about a thousand rows) a scan beats the index; also for 1–2 characters.
      const pattern = likePattern(text);
      where.push(`(name LIKE ? ESCAPE '\\' OR object LIKE ? ESCAPE '\\' OR filter LIKE ? ESCAPE '\\')`);
      params.push(pattern, pattern, pattern);
    }
    const sort = q.sort ?? 'time';
    const column = SORT_COLUMNS[sort];
    if (!column) throw new StoreError('BAD_ARGUMENT', `unknown sort '${String(sort)}'`);
    const dir = (q.order ?? 'desc') === 'asc' ? 'ASC' : 'DESC';
    const limit = Math.min(Math.max(Math.floor(q.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
    const offset = Math.max(Math.floor(q.offset ?? 0), 0);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return {
      pageSql: `SELECT ${LIST_COLUMNS} FROM frames ${whereSql} ORDER BY ${column} ${dir}, id ${dir} LIMIT ? OFFSET ?`,
      countSql: `SELECT COUNT(*) AS n FROM frames ${whereSql}`,
      params,
      pageParams: [...params, limit, offset],
    };
  }

  /**
   * A page of frames (newest DATE-OBS first by default) and the total matching count.
   * List rows leave `summary.headers` empty to stay small; `getById` has the full header.
   */
  listFrames(q: FrameListQuery = {}): { frames: FrameRecord[]; total: number } {
    const { pageSql, countSql, params, pageParams } = this.buildFrameQuery(q);
    const read = this.db.transaction(() => {
      const rows = this.db.prepare(pageSql).all(...pageParams) as FrameRow[];
      const total = (this.db.prepare(countSql).get(...params) as { n: number }).n;
      return { frames: rows.map(rowToRecord), total };
    });
    return read.deferred(); // one snapshot: the page and its total agree
  }

  getById(id: number): FrameRecord | null {
    const row = this.db.prepare(`${FULL_ROW_SQL} WHERE f.id = ?`).get(id) as FrameRow | undefined;
    return row ? rowToRecord(row) : null;
  }

  /** Stores analysis results; a field left undefined keeps its value, null clears it. */
  setAnalysis(id: number, results: AnalysisResults): FrameRecord {
    return this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT id FROM frames WHERE id = ?').get(id);
        if (!row) throw new StoreError('NOT_FOUND', `no frame with id ${id}`);
        const sets: string[] = [];
        const params: unknown[] = [];
        if (results.stats !== undefined) (sets.push('stats = ?'), params.push(results.stats === null ? null : toJson(results.stats)));
        if (results.quality !== undefined)
          (sets.push('quality = ?'), params.push(results.quality === null ? null : toJson(results.quality)));
        if (results.thumbnailPath !== undefined) (sets.push('thumbnail_path = ?'), params.push(results.thumbnailPath));
        sets.push('updated_at = ?');
        params.push(this.now().toISOString(), id);
        this.db.prepare(`UPDATE frames SET ${sets.join(', ')} WHERE id = ?`).run(...params);
        return this.getById(id)!;
      })
      .immediate();
  }

  private selectRow(source: string, key: string): FrameRow | undefined {
    return this.db.prepare(`${FULL_ROW_SQL} WHERE f.source = ? AND f.key = ?`).get(source, key) as FrameRow | undefined;
  }

  private mustGet(source: string, key: string): FrameRecord {
    const row = this.selectRow(source, key);
    if (!row) throw new StoreError('NOT_FOUND', `no frame ${key} in source ${source}`);
    return rowToRecord(row);
  }
}
