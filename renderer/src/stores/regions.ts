/**
 * DS9 regions on the open frame: loaded from a .reg file or drawn, kept per frame by the host
 * (getFrameRegions/setFrameRegions, so they survive reloads), measured by the host
 * (getRegionStatistics, exact), saved as a .reg in image or sky coordinates (exportRegions).
 * Parsing, placing on the frame and writing use the shared pure module native-workers/regions.
 */
import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import { useApi } from '../api/client';
import type { RegionFileSystem, RegionStatisticsRow } from '../api/contract';
import { useViewerStore } from './viewer';
import {
  frameGeometry,
  hasArea,
  lookupFromCards,
  readRegionsOnFrame,
  writeRegionFile,
  type FrameGeometry,
  type PixelRegion,
  type PixelShape,
} from '../../../native-workers/regions/index';

export type DrawTool = 'circle' | 'box' | 'polygon';

function message(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}

/** Where each statistics row belongs: the include regions with an area, in order. */
export function measuredIndices(regions: readonly PixelRegion[]): number[] {
  const out: number[] = [];
  regions.forEach((r, i) => {
    if (r.include && hasArea(r.shape)) out.push(i);
  });
  return out;
}

/** The same shape moved by (dx, dy) image pixels. */
export function moveShape(shape: PixelShape, dx: number, dy: number): PixelShape {
  switch (shape.kind) {
    case 'polygon':
      return { kind: 'polygon', points: shape.points.map(([x, y]) => [x + dx, y + dy] as [number, number]) };
    case 'line':
      return { ...shape, x1: shape.x1 + dx, y1: shape.y1 + dy, x2: shape.x2 + dx, y2: shape.y2 + dy };
    default:
      return { ...shape, x: shape.x + dx, y: shape.y + dy };
  }
}

let saveTimer: ReturnType<typeof setTimeout> | null = null;
/** Statistics requests in order: only the latest one's answer is shown. */
let statsSeq = 0;

export const useRegionsStore = defineStore('regions', {
  state: () => ({
    frameId: null as number | null,
    regions: [] as PixelRegion[],
    selected: null as number | null,
    /** Statistics by region index (include regions with an area only). */
    stats: {} as Record<number, RegionStatisticsRow>,
    statsError: '',
    warnings: [] as string[],
    error: '',
    drawTool: null as DrawTool | null,
    busy: 0,
  }),
  getters: {
    geometry(): FrameGeometry {
      const v = useViewerStore();
      return markRaw(frameGeometry(lookupFromCards(v.cards)));
    },
    hasSky(): boolean {
      return this.geometry.wcs !== null;
    },
    /** The regions as a region file in image coordinates (what the host keeps and measures). */
    imageText(): string {
      return writeRegionFile(this.regions, 'image', { wcs: null, physical: null });
    },
  },
  actions: {
    /** The regions kept for this frame (called when a frame is opened). */
    async loadForFrame(id: number | null) {
      this.frameId = id;
      this.regions = [];
      this.stats = {};
      this.selected = null;
      this.warnings = [];
      this.error = this.statsError = '';
      if (id === null) return;
      try {
        const { text } = await useApi().call('getFrameRegions', { id });
        if (this.frameId !== id || text === null) return;
        this.regions = readRegionsOnFrame(text, { wcs: null, physical: null }).regions;
        await this.loadStats();
      } catch (err) {
        if (this.frameId === id) this.error = message(err);
      }
    },
    /** A region file chosen by the user, put on the frame through its WCS and added to the frame's regions. */
    async importText(text: string) {
      // Sky regions need the frame's WCS, which arrives after the first picture.
      await useViewerStore().whenOpened();
      try {
        const { regions, warnings } = readRegionsOnFrame(text, this.geometry);
        this.regions = [...this.regions, ...regions];
        this.warnings = warnings;
        this.error = '';
        this.commit();
      } catch (err) {
        // Nothing half-applied: the frame's regions are as they were.
        this.error = message(err);
      }
    },
    add(region: PixelRegion) {
      this.regions = [...this.regions, region];
      this.selected = this.regions.length - 1;
      this.commit();
    },
    /** Changes a region's shape while dragging; `commit` when the drag ends. */
    reshape(index: number, shape: PixelShape) {
      const r = this.regions[index];
      if (!r) return;
      this.regions.splice(index, 1, { ...r, shape });
    },
    remove(index: number) {
      this.regions = this.regions.filter((_, i) => i !== index);
      this.selected = null;
      this.commit();
    },
    clear() {
      this.regions = [];
      this.selected = null;
      this.commit();
    },
    toggleInclude(index: number) {
      const r = this.regions[index];
      if (!r) return;
      this.regions.splice(index, 1, { ...r, include: !r.include });
      this.commit();
    },
    select(index: number | null) {
      this.selected = index;
    },
    setDrawTool(tool: DrawTool | null) {
      this.drawTool = this.drawTool === tool ? null : tool;
    },
    /** After an edit: measure again now, keep on the host shortly after (one write per burst of edits). */
    commit() {
      void this.loadStats();
      const id = this.frameId;
      if (id === null) return;
      if (saveTimer) clearTimeout(saveTimer);
      const text = this.regions.length ? this.imageText : '';
      saveTimer = setTimeout(() => {
        saveTimer = null;
        useApi()
          .call('setFrameRegions', { id, text })
          .catch((err: unknown) => {
            if (this.frameId === id) this.error = message(err);
          });
      }, 250);
    },
    async loadStats() {
      const v = useViewerStore();
      const id = this.frameId;
      if (id === null) return;
      const seq = ++statsSeq;
      const where = measuredIndices(this.regions);
      if (where.length === 0) {
        this.stats = {};
        return;
      }
      this.busy++;
      try {
        const r = await useApi().call('getRegionStatistics', { id, hdu: v.hdu ?? undefined, regions: this.imageText });
        if (this.frameId !== id || seq !== statsSeq) return;
        const stats: Record<number, RegionStatisticsRow> = {};
        r.regions.forEach((row, k) => {
          if (where[k] !== undefined) stats[where[k]!] = row;
        });
        this.stats = stats;
        this.statsError = '';
      } catch (err) {
        this.statsError = message(err);
      } finally {
        this.busy--;
      }
    },
    /** The frame's regions as a region file in `system` (sky systems through the frame's WCS, by the host). */
    async exportText(system: RegionFileSystem): Promise<string> {
      const v = useViewerStore();
      if (this.frameId === null) throw new Error('no frame is open');
      const r = await useApi().call('exportRegions', { id: this.frameId, hdu: v.hdu ?? undefined, system, regions: this.imageText });
      return r.text;
    },
  },
});
