/**
 * `nightdeck stats FILE --regions F.reg`: per-region statistics of a DS9 region file. The file
 * is read and every region put on the frame (through its WCS) before any pixel is decoded, so a
 * malformed line fails at once with BAD_REGION_FILE and nothing is measured half-way.
 */
import { readFile } from 'node:fs/promises';
import type { CliIo } from '../command.js';
import { readFitsFile, readImageAsync, selectImageHdu } from '../../../native-workers/fits/index.js';
import { frameGeometry, lookupFromCards, readRegionsOnFrame } from '../../../native-workers/regions/index.js';
import { regionStatistics, type RegionStatistics } from '../../../native-workers/analysis/region-statistics.js';

export async function readRegionText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw Object.assign(new Error(`cannot read region file ${path}: ${e.message}`), { code: e.code ?? 'EIO' });
  }
}

/** The statistics of every include region of `regionsPath` on plane `plane` of HDU `hdu` of `file`. */
export async function statsInRegions(file: string, hdu: number | undefined, regionsPath: string, plane = 0): Promise<{ stats: RegionStatistics[]; warnings: string[] }> {
  const text = await readRegionText(regionsPath);
  const fits = await readFitsFile(file);
  const chosen = selectImageHdu(fits, hdu);
  const { regions, warnings } = readRegionsOnFrame(text, frameGeometry(lookupFromCards(chosen.header.cards)));
  const image = await readImageAsync(fits, chosen.index, { inPlace: true, plane });
  return { stats: regionStatistics(image, regions), warnings };
}

const KEYS = ['count', 'sum', 'mean', 'median', 'min', 'max', 'std', 'nanCount'] as const;
const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/** The `--json` object: entries in file order, keys as the contract's getRegionStatistics. */
export function regionStatsJson(stats: readonly RegionStatistics[]): { regions: Record<string, unknown>[] } {
  return {
    regions: stats.map((s) => {
      const row: Record<string, unknown> = { index: s.index, shape: s.shape };
      if (s.text !== undefined) row.text = s.text;
      if (s.line !== undefined) row.line = s.line;
      for (const k of KEYS) row[k] = finite(s[k]);
      return row;
    }),
  };
}

export async function runRegionStats(file: string, hdu: number | undefined, plane: number, regionsPath: string, json: boolean, io: CliIo): Promise<number> {
  const { stats, warnings } = await statsInRegions(file, hdu, regionsPath, plane);
  for (const w of warnings) io.stderr(`warning: ${w}`);
  if (json) {
    io.stdout(JSON.stringify(regionStatsJson(stats)));
    return 0;
  }
  const header = ['#', 'shape', 'line', ...KEYS, 'text'];
  const rows = stats.map((s) => [String(s.index), s.shape, String(s.line ?? ''), ...KEYS.map((k) => String(s[k] ?? '-')), s.text ?? '']);
  io.stdout([header, ...rows].map((r) => r.join('\t')).join('\n'));
  return 0;
}
