/**
 * The analysis panel: statistics of the frame or a drawn rectangle, histogram, line profile
 * and quality of the current frame. Every call goes to the host (exact numbers).
 */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';
import type { ApiFrameQuality, ApiImageStatistics, Histogram, Point, Region } from '../api/contract';
import { useViewerStore } from './viewer';

export type Tool = 'pan' | 'region' | 'line';

function message(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}

/** Normalises two corner pixels into an end-exclusive region covering both. */
export function regionFromCorners(a: { col: number; row: number }, b: { col: number; row: number }): Region {
  return {
    x0Px: Math.min(a.col, b.col),
    y0Px: Math.min(a.row, b.row),
    x1Px: Math.max(a.col, b.col) + 1,
    y1Px: Math.max(a.row, b.row) + 1,
  };
}

export const useAnalysisStore = defineStore('analysis', {
  state: () => ({
    tool: 'pan' as Tool,
    region: null as Region | null,
    stats: null as ApiImageStatistics | null,
    /** The region the shown statistics were computed for (null = whole frame). */
    statsRegion: null as Region | null,
    statsError: '',
    histogram: null as Histogram | null,
    histogramError: '',
    histogramLog: true,
    histogramClip: 0.001,
    line: null as { from: Point; to: Point } | null,
    profile: [] as number[],
    profileError: '',
    quality: null as ApiFrameQuality | null,
    qualityError: '',
    busy: 0,
  }),
  getters: {
    statsScope: (s) => (s.region ? `region [${s.region.x0Px}:${s.region.x1Px}, ${s.region.y0Px}:${s.region.y1Px}]` : 'whole frame'),
    /** Histogram as [centre, count] pairs for the chart. */
    histogramSeries(s): Array<[number, number]> {
      const h = s.histogram;
      if (!h) return [];
      return h.counts.map((c, i) => [((h.edges[i] ?? 0) + (h.edges[i + 1] ?? h.edges[i] ?? 0)) / 2, c]);
    },
  },
  actions: {
    reset() {
      this.region = null;
      this.line = null;
      this.stats = null;
      this.histogram = null;
      this.profile = [];
      this.quality = null;
      this.statsError = this.histogramError = this.profileError = this.qualityError = '';
    },
    async refreshAll() {
      await Promise.all([this.loadStats(), this.loadHistogram(), this.loadQuality(), this.line ? this.loadProfile() : null]);
    },
    async loadStats() {
      const v = useViewerStore();
      if (v.frameId === null) return;
      const id = v.frameId;
      const region = this.region;
      try {
        const stats = await useApi().call('getStatistics', { id, hdu: v.hdu ?? undefined, plane: v.plane, region: region ?? undefined });
        if (v.frameId === id && this.region === region) {
          this.stats = stats;
          this.statsRegion = region;
          this.statsError = '';
        }
      } catch (err) {
        this.stats = null;
        this.statsError = message(err);
      }
    },
    async loadHistogram() {
      const v = useViewerStore();
      if (v.frameId === null) return;
      const id = v.frameId;
      try {
        const h = await useApi().call('getHistogram', {
          id,
          hdu: v.hdu ?? undefined,
          plane: v.plane,
          mode: 'bins',
          bins: 256,
          ...(await this.clipLimits(id)),
          region: this.region ?? undefined,
        });
        if (v.frameId === id) {
          this.histogram = h;
          this.histogramError = '';
        }
      } catch (err) {
        this.histogram = null;
        this.histogramError = message(err);
      }
    },
    /** Histogram range from the clip control: the central (1 − 2·clip) of the frame's pixels, from the host. */
    async clipLimits(id: number): Promise<{ min?: number; max?: number }> {
      if (!(this.histogramClip > 0) || this.region) return {};
      const v = useViewerStore();
      const percentile = Math.min(100, Math.max(1, 100 - 200 * this.histogramClip));
      const l = await useApi().call('getStretchLimits', { id, hdu: v.hdu ?? undefined, plane: v.plane, method: 'percentile', percentile });
      return l.max > l.min ? { min: l.min, max: l.max } : {};
    },
    async loadProfile() {
      const v = useViewerStore();
      if (v.frameId === null || !this.line) return;
      const id = v.frameId;
      const line = this.line;
      try {
        const r = await useApi().call('getProfile', { id, hdu: v.hdu ?? undefined, plane: v.plane, from: line.from, to: line.to });
        if (v.frameId === id && this.line === line) {
          this.profile = r.data;
          this.profileError = '';
        }
      } catch (err) {
        this.profile = [];
        this.profileError = message(err);
      }
    },
    async loadQuality() {
      const v = useViewerStore();
      if (v.frameId === null) return;
      const id = v.frameId;
      try {
        const q = await useApi().call('getQuality', { id, hdu: v.hdu ?? undefined, plane: v.plane });
        if (v.frameId === id) {
          this.quality = q;
          this.qualityError = '';
        }
      } catch (err) {
        this.quality = null;
        this.qualityError = message(err);
      }
    },
    setRegion(region: Region | null) {
      this.region = region;
      void this.loadStats();
      void this.loadHistogram();
    },
    setLine(from: Point, to: Point) {
      this.line = { from, to };
      void this.loadProfile();
    },
    setTool(tool: Tool) {
      this.tool = tool;
    },
  },
});
