/**
 * DS9 region files: statistics inside them, export in image or sky coordinates, and the regions
 * the console keeps per frame. Region files are read and put on the frame here (pure
 * native-workers/regions, the frame's header WCS); the pixels are measured in the worker pool.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HostServices } from '../services.js';
import { RegionStore } from '../region-store.js';
import { HostError } from '../errors.js';
import { analysis, frameRef, imageHdu, requireFrame } from './frame-access.js';
import type { HandlerGroup } from './types.js';
import {
  frameGeometry,
  lookupFromCards,
  parseRegionFile,
  readRegionsOnFrame,
  writeRegionFile,
  type FrameGeometry,
  type PixelRegion,
} from '../../../native-workers/regions/index.js';
import type { RegionStatistics } from '../../../native-workers/analysis/region-statistics.js';
import type { RegionStatisticsRow } from '../api.js';

type RegionOps = 'getRegionStatistics' | 'exportRegions' | 'getFrameRegions' | 'setFrameRegions' | 'getRegionTrends';

/** Labels of the include regions with an area, in file order (what each statistics row is about). */
function regionLabels(text: string): string[] {
  const area = new Set(['circle', 'ellipse', 'box', 'polygon', 'annulus']);
  return parseRegionFile(text)
    .regions.filter((r) => r.include && area.has(r.shape))
    .map((r, k) => r.text || `${r.shape} #${k + 1} (line ${r.line})`);
}

const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

function toRow(s: RegionStatistics): RegionStatisticsRow {
  const row: RegionStatisticsRow = {
    index: s.index,
    shape: s.shape,
    count: s.count,
    sum: finite(s.sum),
    mean: finite(s.mean),
    median: finite(s.median),
    min: finite(s.min),
    max: finite(s.max),
    std: finite(s.std),
    nanCount: s.nanCount,
  };
  if (s.text !== undefined) row.text = s.text;
  if (s.line !== undefined) row.line = s.line;
  return row;
}

export function regionHandlers(s: HostServices): HandlerGroup<RegionOps> {
  const store = new RegionStore(join(s.dataDir, 'regions'));

  /** The frame's local file, the image HDU, and its geometry (WCS, LTM/LTV) from the header. */
  const frameOf = async (id: number, hdu: number | undefined, signal?: AbortSignal) => {
    const record = requireFrame(s, id);
    const fileRef = await frameRef(s, record, undefined, signal);
    const info = imageHdu(await analysis.info(s, fileRef, signal), hdu);
    const ref = { ...fileRef, hdu: info.index };
    // The catalogue keeps the headers it listed the frame from: no second read of the file when it has them.
    let cards: readonly { key: string; value: unknown }[] | undefined = record.summary?.headers?.[info.index];
    if (!cards) cards = ((await analysis.header(s, ref, signal)) as { cards: { key: string; value: unknown }[] }).cards;
    const geometry: FrameGeometry = frameGeometry(lookupFromCards(cards));
    return { record, ref, geometry };
  };

  return {
    async getRegionStatistics(req, ctx) {
      const { ref, geometry } = await frameOf(req.id, req.hdu, ctx.signal);
      // Every region is put on the frame before any pixel is measured: a bad line fails the whole request.
      const { regions, warnings } = readRegionsOnFrame(req.regions, geometry);
      const stats = (await s.pool.run('regionStatistics', ref, { regions }, ctx.signal)) as RegionStatistics[];
      return { regions: stats.map(toRow), warnings };
    },

    async exportRegions(req, ctx) {
      const { record, geometry } = await frameOf(req.id, req.hdu, ctx.signal);
      const text = req.regions ?? store.get(record) ?? '';
      const regions: PixelRegion[] = readRegionsOnFrame(text, geometry).regions;
      return { text: writeRegionFile(regions, req.system, geometry), count: regions.length };
    },

    async getRegionTrends(req, ctx) {
      // The file itself must be readable before any frame is touched.
      const labels = regionLabels(req.regions);
      const { frames } = s.catalogue.listFrames({ night: req.night, limit: 10_000, sort: 'time', order: 'asc' });
      const points = [];
      // One frame at a time: a night is measured in the background of the pool, not all at once.
      for (const f of frames) {
        if (ctx.signal?.aborted) throw new HostError('CANCELLED', 'the request was cancelled');
        const point = { id: f.id, name: f.name, dateObs: f.summary?.dateObs ?? null, regions: null as RegionStatisticsRow[] | null, error: null as string | null };
        if (!req.download && !(f.localPath && existsSync(f.localPath))) {
          point.error = 'not downloaded';
        } else {
          try {
            const { ref, geometry } = await frameOf(f.id, undefined, ctx.signal);
            const { regions } = readRegionsOnFrame(req.regions, geometry);
            const stats = (await s.pool.run('regionStatistics', ref, { regions }, ctx.signal)) as RegionStatistics[];
            point.regions = stats.map(toRow);
          } catch (err) {
            const e = err as { code?: unknown; message?: unknown };
            point.error = typeof e.code === 'string' ? `${e.code}: ${String(e.message)}` : 'the frame could not be measured';
          }
        }
        points.push(point);
      }
      return { labels, points };
    },

    async getFrameRegions(req) {
      return { text: store.get(requireFrame(s, req.id)) };
    },

    async setFrameRegions(req) {
      const record = requireFrame(s, req.id);
      // Only a readable file is kept, so a reload never meets a broken one.
      const count = parseRegionFile(req.text).regions.length;
      store.set(record, count === 0 ? '' : req.text);
      return { count };
    },
  };
}
