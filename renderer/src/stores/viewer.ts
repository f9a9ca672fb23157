/**
 * The frame being viewed: what the host opened, the client-side Float32 preview, stretch and
 * colormap (applied locally, no round trip), limits (zscale/minmax/percentile from the host,
 * cached per frame), and the view transform. Persisted per frame across reloads.
 */
import { defineStore } from 'pinia';
import { markRaw, watch } from 'vue';
import { useApi } from '../api/client';
import type { ApiCard, OpenedFrame, PreviewResult, Region } from '../api/contract';
import { previewPixels } from '../lib/preview-pixels';
import { previewLimits } from '../lib/preview-limits';
import type { ViewTransform } from '../lib/view-transform';
import { loadFrameView, saveFrameView, saveLastFrame, type LimitsMethod, type StretchState } from '../lib/view-memory';
import type { StretchName } from '../lib/lut';
import type { ColormapName } from '../lib/colormaps';
import { lookupFromRecord, readCelestialWcs, type CelestialWcs } from '../../../native-workers/wcs/index';

/** Pixels decoded on the client for one area of the image. */
export interface PreviewLayer {
  pixels: Float32Array;
  width: number;
  height: number;
  binFactor: number;
  region: Region;
}

export const BASE_PREVIEW_MAX = 2048;
const BASE_PREVIEW_MIN = 256;

/** The whole-frame preview is asked at the viewer's size: display-sized pixels, not the frame's. */
export function previewSize(viewport: { width: number; height: number }): { width: number; height: number } {
  const clamp = (v: number): number => Math.min(BASE_PREVIEW_MAX, Math.max(BASE_PREVIEW_MIN, Math.round(v)));
  return { width: clamp(viewport.width), height: clamp(viewport.height) };
}

const DEFAULT_STRETCH: StretchState = {
  stretch: 'linear',
  colormap: 'gray',
  limitsMethod: 'zscale',
  percentile: 99.5,
  manualLow: null,
  manualHigh: null,
};

function limitsKey(method: LimitsMethod, percentile: number): string {
  return method === 'percentile' ? `percentile:${percentile}` : method;
}

export const useViewerStore = defineStore('viewer', {
  state: () => ({
    frameId: null as number | null,
    night: '' as string,
    opened: null as OpenedFrame | null,
    hdu: null as number | null,
    /** The plane of a cube shown (0-based over the axes above the second; 0 for a 2-D image). */
    plane: 0,
    base: null as PreviewLayer | null,
    /** The base preview is the quick quarter-resolution look, the full one still on its way. */
    baseCoarse: false,
    /** The frame the base preview belongs to (lags frameId while a new frame loads). */
    baseFrameId: null as number | null,
    detail: null as PreviewLayer | null,
    cards: [] as ApiCard[],
    loading: false,
    error: '' as string,
    errorCode: '' as string,
    settings: { ...DEFAULT_STRETCH } as StretchState,
    /** Host-computed limits of the current frame/HDU by method. */
    limitsCache: {} as Record<string, { min: number; max: number }>,
    /** Limits of the base preview computed here, shown until the host's arrive. */
    provisionalLimits: null as { min: number; max: number } | null,
    transform: null as ViewTransform | null,
    /** Size of the viewer's canvas in CSS pixels (set by the canvas). */
    viewport: { width: 1024, height: 1024 },
    /** Milliseconds of the last client-side repaint (shown in the status line, read by the benchmark). */
    lastPaintMs: 0,
  }),
  getters: {
    /** The whole-frame preview's region is the image: known as soon as the first pixels are. */
    imageSize: (s) =>
      s.base && s.baseFrameId === s.frameId
        ? { width: s.base.region.x1Px, height: s.base.region.y1Px }
        : s.opened
          ? { width: s.opened.width, height: s.opened.height }
          : null,
    /** Limits in effect; manual values override, host values otherwise. */
    limits(s): { low: number; high: number } | null {
      if (s.settings.limitsMethod === 'manual' && s.settings.manualLow !== null && s.settings.manualHigh !== null) {
        return { low: s.settings.manualLow, high: s.settings.manualHigh };
      }
      const method = s.settings.limitsMethod === 'manual' ? 'zscale' : s.settings.limitsMethod;
      const l = s.limitsCache[limitsKey(method, s.settings.percentile)] ?? s.provisionalLimits;
      return l ? { low: l.min, high: l.max } : null;
    },
    /** The frame's celestial WCS (any projection, SIP, TPV) from the host's WCS cards; null without one. */
    wcs(): CelestialWcs | null {
      return this.wcsState.wcs;
    },
    /** Why a WCS that is present cannot be used (BAD_WCS), for the readout. */
    wcsError(): string | null {
      return this.wcsState.error;
    },
    wcsState(s): { wcs: CelestialWcs | null; error: string | null } {
      const cards = s.opened?.wcsCards;
      if (!cards) return { wcs: null, error: null };
      try {
        const wcs = readCelestialWcs(lookupFromRecord(cards));
        return { wcs: wcs ? markRaw(wcs) : null, error: null };
      } catch (err) {
        return { wcs: null, error: err instanceof Error ? err.message : String(err) };
      }
    },
    imageHdus: (s) => (s.opened?.hdus ?? []).filter((h) => (h.kind === 'image' || h.kind === 'compressed-image') && h.shape.length >= 2),
  },
  actions: {
    async open(id: number, night: string, hdu?: number) {
      if (id === this.frameId && this.loading && hdu === undefined) return; // already on its way
      const remembered = loadFrameView(String(id));
      const switching = id !== this.frameId;
      this.frameId = id;
      this.night = night;
      this.loading = true;
      this.error = '';
      this.errorCode = '';
      if (switching) {
        this.settings = remembered ? { ...DEFAULT_STRETCH, ...remembered.stretch } : { ...this.settings };
        this.transform = remembered?.transform ?? null;
      }
      const wantHdu = hdu ?? (switching ? remembered?.hdu ?? undefined : this.hdu ?? undefined);
      // Another HDU starts at its first plane; the same frame keeps the plane it shows.
      const plane = switching ? remembered?.plane ?? 0 : hdu !== undefined && hdu !== this.hdu ? 0 : this.plane;
      saveLastFrame(id, night);
      try {
        const api = useApi();
        if (switching || wantHdu !== this.hdu) {
          this.limitsCache = {};
          this.provisionalLimits = null;
          this.detail = null;
        }
        this.hdu = wantHdu ?? null;
        this.plane = plane;
        // Draw first, measure after: the binary display-sized preview is painted the moment it
        // arrives, with limits computed here from its pixels; open, header and the host's exact
        // limits go out at the same time (the host single-flights the decode) and refine it.
        // A quarter-resolution look (a sample of rows, no full decode) is asked first and shown
        // unless the full display-sized preview is already there.
        const { width: maxWidth, height: maxHeight } = previewSize(this.viewport);
        let fullShown = false;
        const show = (preview: PreviewResult, coarse: boolean): void => {
          if (this.frameId !== id || (coarse && fullShown)) return;
          fullShown ||= !coarse;
          const base = markRaw({
            pixels: previewPixels(preview.data),
            width: preview.width,
            height: preview.height,
            binFactor: preview.binFactor,
            region: preview.region,
          });
          this.provisionalLimits = previewLimits(base, this.settings.limitsMethod, this.settings.percentile);
          this.baseCoarse = coarse;
          this.base = base;
          this.baseFrameId = id;
        };
        const request = { id, hdu: wantHdu, plane, maxWidth, maxHeight, encoding: 'binary' as const };
        const header = api.call('getHeader', { id, hdu: wantHdu }).catch(() => ({ hdu: wantHdu ?? 0, cards: [] as ApiCard[] }));
        // The quick look goes first and alone: the host's workers would otherwise start the full
        // decode before it. A failed quick look is not an error: the full preview says what is wrong.
        await api.call('getPreview', { ...request, coarse: true }).then((p) => show(p, true), () => undefined);
        if (this.frameId !== id) return;
        const shown = api.call('getPreview', request).then((p) => show(p, false));
        const [opened] = await Promise.all([api.call('openFrame', { id, hdu: wantHdu, plane }), shown, this.ensureLimits()]);
        if (this.frameId !== id) return;
        this.opened = opened;
        this.hdu = opened.hdu;
        this.cards = (await header).cards;
      } catch (err) {
        if (this.frameId !== id) return;
        this.error = (err as Error).message;
        this.errorCode = (err as { code?: string }).code ?? 'ERROR';
        this.base = null;
        this.baseFrameId = null;
      } finally {
        if (this.frameId === id) this.loading = false;
      }
    },
    async selectHdu(hdu: number) {
      if (this.frameId !== null) await this.open(this.frameId, this.night, hdu);
    },
    /** Asks the host for the limits of the current method unless cached. */
    async ensureLimits() {
      const id = this.frameId;
      if (id === null) return;
      const method = this.settings.limitsMethod === 'manual' ? 'zscale' : this.settings.limitsMethod;
      const key = limitsKey(method, this.settings.percentile);
      if (this.limitsCache[key]) return;
      const limits = await useApi().call('getStretchLimits', {
        id,
        hdu: this.hdu ?? undefined,
        plane: this.plane,
        method,
        percentile: method === 'percentile' ? this.settings.percentile : undefined,
      });
      if (this.frameId === id) this.limitsCache[key] = limits;
    },
    setStretch(stretch: StretchName) {
      this.settings.stretch = stretch;
      this.remember();
    },
    setColormap(colormap: ColormapName) {
      this.settings.colormap = colormap;
      this.remember();
    },
    async setLimitsMethod(method: LimitsMethod, percentile?: number) {
      if (method === 'manual' && (this.settings.manualLow === null || this.settings.manualHigh === null)) {
        const cur = this.limits;
        if (cur) {
          this.settings.manualLow = cur.low;
          this.settings.manualHigh = cur.high;
        }
      }
      this.settings.limitsMethod = method;
      if (percentile !== undefined) this.settings.percentile = percentile;
      // Until the host answers for the new method, show the preview's own limits by it.
      if (this.base) this.provisionalLimits = previewLimits(this.base, method, this.settings.percentile);
      this.remember();
      try {
        await this.ensureLimits();
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
    setManualLimits(low: number, high: number) {
      if (!Number.isFinite(low) || !Number.isFinite(high) || low >= high) return;
      this.settings.manualLow = low;
      this.settings.manualHigh = high;
      this.settings.limitsMethod = 'manual';
      this.remember();
    },
    setTransform(t: ViewTransform) {
      this.transform = t;
    },
    setDetail(layer: PreviewLayer | null) {
      this.detail = layer ? markRaw(layer) : null;
    },
    /** Saves zoom/pan/stretch of this frame (called on changes, debounced by the canvas). */
    remember() {
      if (this.frameId === null) return;
      saveFrameView(String(this.frameId), { transform: this.transform, stretch: { ...this.settings }, hdu: this.hdu, plane: this.plane });
    },
    /**
     * Resolves once the frame being opened has its header and WCS (the quick look paints before
     * them): what is applied on top of the picture (a region file, a SAMP position) waits here.
     */
    whenOpened(): Promise<void> {
      if (!this.loading) return Promise.resolve();
      return new Promise((resolve) => {
        const stop = watch(
          () => this.loading,
          (loading) => {
            if (loading) return;
            stop();
            resolve();
          },
        );
      });
    },
    close() {
      this.frameId = null;
      this.opened = null;
      this.base = null;
      this.detail = null;
      this.cards = [];
    },
  },
});
