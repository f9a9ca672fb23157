/**
 * Focal-plane history: every import or committed update is a configuration valid from
 * its date until the next one; nothing is overwritten. Each store is one IMMEDIATE
 * transaction, so a writer killed halfway leaves the previous configurations intact.
 */
import type { Db } from './db.js';
import { StoreError } from './errors.js';
import { resolveDateStr } from './fplane-dates.js';
import { validateUpdateBody } from './fplane-input.js';
import { FPLANE_COLUMNS_LINE, formatFplane, fplaneRows, parseFplaneText } from './fplane-text.js';
import type { FplaneConfig, FplaneHistoryEntry, FplaneIfu, FplaneRow, FplaneTextOptions } from './fplane-types.js';

/** The Hobby-Eberly Telescope, McDonald Observatory (degrees east). */
export const HET_LONGITUDE_DEG = -104.01472;

export interface FplaneStoreOptions {
  /** Site longitude (degrees east) that turns YYYYMMDD into site midnight (default: HET). */
  siteLongitudeDeg?: number;
  now?: () => Date;
}

interface IfuRow {
  ifuslot: string;
  x: number;
  y: number;
  specid: string;
  specslot: string;
  ifuid: string;
  ifurot: number;
  platesc: number;
  active: number;
  actual_x: number | null;
  actual_y: number | null;
}

export class FplaneStore {
  private readonly longitudeDeg: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    opts: FplaneStoreOptions = {},
  ) {
    this.longitudeDeg = opts.siteLongitudeDeg ?? HET_LONGITUDE_DEG;
    this.now = opts.now ?? (() => new Date());
  }

  /** Stores an fplane text file as a new configuration from `fromDate` (any accepted date string). */
  importText(text: string, fromDate: string): FplaneHistoryEntry {
    const config = parseFplaneText(text);
    const { validFromMs } = resolveDateStr(fromDate, this.longitudeDeg, this.now().getTime());
    const id = this.insert(config, new Date(validFromMs).toISOString(), 'import');
    return this.history().find((h) => h.id === id)!;
  }

  /** The configuration in force at `datestr` (see fplane-dates.ts), or NOT_FOUND. */
  getConfig(datestr?: string): FplaneConfig {
    const { atMs } = resolveDateStr(datestr, this.longitudeDeg, this.now().getTime());
    const at = new Date(atMs).toISOString();
    const row = this.db
      .prepare('SELECT id, header FROM fplane_configs WHERE valid_from <= ? ORDER BY valid_from DESC, id DESC LIMIT 1')
      .get(at) as { id: number; header: string } | undefined;
    if (!row) throw new StoreError('NOT_FOUND', `no fplane configuration holds on ${datestr?.trim() || 'this date'} (${at})`);
    return { header: JSON.parse(row.header) as string[], ifus: this.ifusOf(row.id) };
  }

  /** The fplane text for a date: full (default) or short, nominal or actual positions. */
  getText(datestr: string | undefined, opts: FplaneTextOptions = {}): string {
    return formatFplane(this.getConfig(datestr), opts);
  }

  /** Text and the written rows together (for the host's getFplane operation). */
  getFplane(datestr: string | undefined, opts: FplaneTextOptions = {}): { text: string; ifus: FplaneRow[] } {
    const config = this.getConfig(datestr);
    return { text: formatFplane(config, opts), ifus: fplaneRows(config, opts) };
  }

  /**
   * Applies an update body `{config: {ifus}, commit, datestr?}`: validates it (INVALID_FPLANE
   * listing every problem), returns the resulting full fplane text, and stores it as a new
   * configuration from `datestr` (default now) only when `commit` is true.
   */
  update(body: unknown): string {
    const { ifus, commit, datestr } = validateUpdateBody(body);
    const { validFromMs } = resolveDateStr(datestr, this.longitudeDeg, this.now().getTime());
    const validFrom = new Date(validFromMs).toISOString();
    const config: FplaneConfig = { header: this.headerBefore(validFrom), ifus };
    if (commit) this.insert(config, validFrom, 'update');
    return formatFplane(config, { full: true });
  }

  /** Every configuration, oldest first, each with the span it holds. */
  history(): FplaneHistoryEntry[] {
    return this.historyRows().map((r, k, rows) => ({
      id: r.id,
      validFrom: r.valid_from,
      validUntil: rows.slice(k + 1).find((n) => n.valid_from > r.valid_from)?.valid_from ?? null,
      createdAt: r.created_at,
      origin: r.origin,
      seats: r.seats,
      activeVirus: r.active_virus,
    }));
  }

  /**
   * Per configuration: seat count and active VIRUS IFUs, counted in SQL with the same
   * rule as isActiveVirus (active, not LRS2 056/066, no id ≥ 900, not an empty seat).
   */
  private historyRows() {
    return this.db
      .prepare(
        `SELECT c.id, c.valid_from, c.created_at, c.origin, COUNT(i.ordinal) AS seats,
           COALESCE(SUM(i.active = 1 AND i.ifuslot NOT IN ('056', '066')
             AND CAST(i.specid AS INTEGER) < 900 AND CAST(i.specslot AS INTEGER) < 900 AND CAST(i.ifuid AS INTEGER) < 900
             AND CAST(i.specid AS INTEGER) <> 0 AND CAST(i.ifuid AS INTEGER) <> 0), 0) AS active_virus
         FROM fplane_configs c LEFT JOIN fplane_ifus i ON i.config_id = c.id
         GROUP BY c.id ORDER BY c.valid_from, c.id`,
      )
      .all() as { id: number; valid_from: string; created_at: string; origin: 'import' | 'update'; seats: number; active_virus: number }[];
  }

  private ifusOf(configId: number): FplaneIfu[] {
    const rows = this.db
      .prepare(
        `SELECT ifuslot, x, y, specid, specslot, ifuid, ifurot, platesc, active, actual_x, actual_y
         FROM fplane_ifus WHERE config_id = ? ORDER BY ordinal`,
      )
      .all(configId) as IfuRow[];
    return rows.map((r) => ({
      ifuslot: r.ifuslot,
      x: r.x,
      y: r.y,
      specid: r.specid,
      specslot: r.specslot,
      ifuid: r.ifuid,
      ifurot: r.ifurot,
      platesc: r.platesc,
      active: r.active === 1,
      actual: r.actual_x !== null && r.actual_y !== null ? { x: r.actual_x, y: r.actual_y } : null,
    }));
  }

  /** The header of the configuration an update follows, so comments carry over. */
  private headerBefore(validFrom: string): string[] {
    const row = this.db
      .prepare('SELECT header FROM fplane_configs WHERE valid_from <= ? ORDER BY valid_from DESC, id DESC LIMIT 1')
      .get(validFrom) as { header: string } | undefined;
    return row ? (JSON.parse(row.header) as string[]) : [FPLANE_COLUMNS_LINE];
  }

  private insert(config: FplaneConfig, validFrom: string, origin: 'import' | 'update'): number {
    return this.db
      .transaction(() => {
        const { lastInsertRowid } = this.db
          .prepare('INSERT INTO fplane_configs (valid_from, created_at, origin, header) VALUES (?, ?, ?, ?)')
          .run(validFrom, this.now().toISOString(), origin, JSON.stringify(config.header));
        const configId = Number(lastInsertRowid);
        const put = this.db.prepare(
          `INSERT INTO fplane_ifus (config_id, ordinal, ifuslot, x, y, specid, specslot, ifuid, ifurot, platesc, active, actual_x, actual_y)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        config.ifus.forEach((f, ordinal) =>
          put.run(configId, ordinal, f.ifuslot, f.x, f.y, f.specid, f.specslot, f.ifuid, f.ifurot, f.platesc, f.active ? 1 : 0, f.actual?.x ?? null, f.actual?.y ?? null),
        );
        return configId;
      })
      .immediate();
  }
}
