/**
 * DS9 region files: statistics inside them, export in image or sky coordinates, and the regions
 * the console keeps per frame. Region files are read and put on the frame here (pure
 * native-workers/regions, the frame's header WCS); the pixels are measured in the worker pool.
 */
import { join } from 'node:path';
import type { HostServices } from '../services.js';
import { RegionStore } from '../region-store.js';
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

type RegionOps = 'getRegionStatistics' | 'exportRegions' | 'getFrameRegions' | 'setFrameRegions';

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
    const header = (await analysis.header(s, ref, signal)) as { cards: { key: string; value: unknown }[] };
    const geometry: FrameGeometry = frameGeometry(lookupFromCards(header.cards));
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
