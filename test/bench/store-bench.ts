/**
 * Store benchmark: pages of the frame list at 100,000 catalogued frames (100 nights of
 * 1,000), each query timed as the median of repeated runs on a warm database file.
 * Goal from the store issue: ≤ 20 ms a page.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../helpers/tmp.js';
import { openDatabase } from '../../electron/host/store/db.js';
import { Catalogue, type FrameListQuery } from '../../electron/host/store/catalogue.js';
import type { BenchRow } from './bench-types.js';

const FRAMES = 100_000;
const NIGHTS = 100;
const GOAL_MS = 20;
const OBJECTS = ['M 31', 'M 42', 'NGC 7000', 'NGC 891', 'flat', 'bias', 'dark', 'SN 2024abc', 'HD 12345', 'focus'];
const FILTERS = ['rp', 'gp', 'ip', 'zs', 'V', 'B', 'w'];

function nightName(i: number): string {
  const d = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000);
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

/** A header of typical size (~25 cards) so rows are as large as real ones. */
function header(i: number, object: string, filter: string) {
  const cards = [
    { key: 'SIMPLE', value: true }, { key: 'BITPIX', value: 16 }, { key: 'NAXIS', value: 2 },
    { key: 'NAXIS1', value: 4096 }, { key: 'NAXIS2', value: 4096 }, { key: 'BZERO', value: 32768 },
    { key: 'OBJECT', value: object, isString: true }, { key: 'FILTER', value: filter, isString: true },
    { key: 'EXPTIME', value: 30 + (i % 5) * 30, comment: 'exposure time in seconds' },
  ];
  for (let k = 0; k < 16; k++) cards.push({ key: `KEY${k}`, value: (i * 31 + k) % 1000, comment: 'a typical keyword comment' } as never);
  return [cards];
}

/**
 * Bulk load through prepared INSERTs in one transaction (the upsert path costs two
 * transactions a frame, which would make the benchmark minutes long); the rows are what
 * upsertListing + setSummary write, and the triggers keep the night counts as usual.
 */
export function fill(db: ReturnType<typeof openDatabase>): void {
  const perNight = FRAMES / NIGHTS;
  const frame = db.prepare(
    `INSERT INTO frames (source, key, name, directory, size, etag, last_modified, site, instrument, name_night, frame_number,
       reduction_level, night, date_obs, exptime, filter, object, shape, bitpix, status, summary_at, added_at, updated_at)
     VALUES (?, ?, ?, 'data', ?, ?, ?, 'ogg', 'fa01', ?, ?, 'EX00', ?, ?, ?, ?, ?, '[4096,4096]', 16, ?, ?, ?, ?)`,
  );
  const headers = db.prepare('INSERT INTO frame_headers (frame_id, headers) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < FRAMES; i++) {
      const n = Math.floor(i / perNight);
      const night = nightName(n);
      const name = `ogg-fa01-${night}-${String(i % perNight).padStart(8, '0')}-EX00.fits.bz2`;
      const object = OBJECTS[(i * 7) % OBJECTS.length]!;
      const filter = FILTERS[(i * 3) % FILTERS.length]!;
      const added = new Date(Date.UTC(2024, 0, 2) + n * 86_400_000 + (i % perNight) * 20_000).toISOString();
      const dateObs = new Date(Date.UTC(2024, 0, 2) + n * 86_400_000 + ((i * 7919) % perNight) * 20_000).toISOString();
      const { lastInsertRowid } = frame.run(
        's3:archive', `data/${name}`, name, 30_000_000 + (i % 977) * 1000, `"${i.toString(16)}"`, added, night, i % perNight,
        night, dateObs, 30 + (i % 5) * 30, filter, object, i % 10 === 0 ? 'listed' : 'ready', added, added, added,
      );
      headers.run(lastInsertRowid, JSON.stringify(header(i, object, filter)));
    }
  })();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown, runs = 40): number {
  for (let i = 0; i < 3; i++) fn(); // warm statement cache and pages
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export async function benchStore(): Promise<BenchRow[]> {
  const tmp = makeTempDir('nightdeck-store-bench-');
  const db = openDatabase(join(tmp.dir, 'nightdeck.db'));
  try {
    const cat = new Catalogue(db);
    fill(db);
    db.exec('ANALYZE');
    const night = nightName(57);
    const queries: [string, FrameListQuery][] = [
      ['page of 100, one night, newest first', { night, limit: 100 }],
      ['page of 100, one night, by name, offset 800', { night, sort: 'name', order: 'asc', offset: 800, limit: 100 }],
      ['page of 100, one night, object + filter, by exptime', { night, object: 'M 42', filter: 'rp', sort: 'exptime', limit: 100 }],
      ['page of 100, one night, text search "ngc"', { night, text: 'ngc', limit: 100 }],
      ['page of 100, all nights, newest first', { limit: 100 }],
    ];
    const rows: BenchRow[] = queries.map(([label, q]) => {
      const ours = time(() => cat.listFrames(q));
      return { name: `store: ${label} (${FRAMES / 1000}k frames)`, ours_ms: ours, reference: 'goal', reference_ms: GOAL_MS, ratio: ours / GOAL_MS, goal: `≤ ${GOAL_MS} ms` };
    });
    // Text search over every night is a LIKE scan of all rows: shown for information, no goal.
    const wide = time(() => cat.listFrames({ source: 's3:archive', text: 'sn 2024', limit: 100 }), 5);
    rows.push({ name: `store: page of 100, all nights, text search (full scan, ${FRAMES / 1000}k frames)`, ours_ms: wide, reference: 'goal', reference_ms: GOAL_MS, ratio: wide / GOAL_MS });
    const nights = time(() => cat.listNights(), 10);
    rows.push({ name: `store: list nights with counts (${FRAMES / 1000}k frames)`, ours_ms: nights, reference: 'goal', reference_ms: GOAL_MS, ratio: nights / GOAL_MS, goal: `≤ ${GOAL_MS} ms` });
    return rows;
  } finally {
    db.close();
    tmp.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = performance.now();
  for (const r of await benchStore()) console.log(`${r.name.padEnd(80)} ${r.ours_ms.toFixed(2)} ms  (${r.goal})`);
  console.log(`(total ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
