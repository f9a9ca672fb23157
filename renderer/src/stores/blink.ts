/**
 * Blink: the open frame (A) and a second frame (B) alternate in the viewer at an adjustable
 * rate, in the same stretch and view; B is registered onto A through their WCS when both have
 * one, else pixel for pixel. "Difference" shows A − B in a symmetric stretch instead.
 */
import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import { useApi } from '../api/client';
import type { ApiCard, FrameSummary } from '../api/contract';
import { useViewerStore, type PreviewLayer } from './viewer';
import { useFramesStore } from './frames';
import { previewPixels } from '../lib/preview-pixels';
import { difference, identityMap, resampleOnto, wcsPixelMap } from '../lib/blink-register';
import { lookupFromRecord, readCelestialWcs, type CelestialWcs } from '../../../native-workers/wcs/index.js';

function celestialOf(cards: readonly ApiCard[]): CelestialWcs | null {
  const record: Record<string, unknown> = {};
  for (const c of cards) if (!(c.key in record)) record[c.key] = c.value;
  try {
    return readCelestialWcs(lookupFromRecord(record));
  } catch {
    return null; // a WCS present but unusable: blink pixel for pixel
  }
}

/** The newest frame before `a` (by time) with the same object and filter, else the newest before it. */
export function previousLike(frames: readonly FrameSummary[], a: FrameSummary): FrameSummary | null {
  const t = (f: FrameSummary) => f.dateObs ?? f.addedAt;
  const before = frames.filter((f) => f.id !== a.id && f.status !== 'error' && t(f) <= t(a)).sort((p, q) => t(q).localeCompare(t(p)));
  return before.find((f) => f.object === a.object && f.filter === a.filter) ?? before[0] ?? null;
}

export const useBlinkStore = defineStore('blink', {
  state: () => ({
    active: false,
    aId: null as number | null,
    bId: null as number | null,
    /** Alternations per second. */
    rateHz: 2,
    difference: false,
    /** Which frame shows now. */
    showing: 'A' as 'A' | 'B',
    registration: '' as '' | 'wcs' | 'pixel',
    /** B on A's preview grid, and A − B. */
    registered: null as PreviewLayer | null,
    diff: null as (PreviewLayer & { limit: number }) | null,
    loading: false,
    error: '',
  }),
  actions: {
    /** Starts blinking the open frame against `bId` (default: the previous frame of the same object and filter). */
    async start(bId?: number) {
      const viewer = useViewerStore();
      const frames = useFramesStore();
      const a = viewer.frameId;
      if (a === null || !viewer.base) {
        this.error = 'Open a frame first: blink alternates it with another one.';
        return;
      }
      const aSummary = frames.frames.find((f) => f.id === a);
      const b = bId ?? (aSummary ? previousLike(frames.frames, aSummary)?.id : undefined);
      if (b === undefined || b === a) {
        this.error = 'No other frame to blink against in this night.';
        return;
      }
      // A new arrival opened by follow-newest would end the blink at once.
      frames.follow = false;
      this.aId = a;
      this.bId = b;
      this.active = true;
      this.showing = 'A';
      this.loading = true;
      this.error = '';
      this.registered = null;
      this.diff = null;
      try {
        const base = viewer.base;
        const api = useApi();
        // B's whole frame at A's preview resolution (same bin factor where the sizes agree).
        const [preview, header] = await Promise.all([
          api.call('getPreview', { id: b, maxWidth: Math.max(1, base.width), maxHeight: Math.max(1, base.height) }),
          api.call('getHeader', { id: b }),
        ]);
        if (this.bId !== b || viewer.frameId !== a) return;
        const bGrid = { pixels: previewPixels(preview.data), width: preview.width, height: preview.height, binFactor: preview.binFactor, region: preview.region };
        const wa = celestialOf(viewer.cards);
        const wb = celestialOf(header.cards);
        this.registration = wa && wb ? 'wcs' : 'pixel';
        const pixels = resampleOnto(base, bGrid, wa && wb ? wcsPixelMap(wa, wb) : identityMap);
        let overlap = 0;
        for (let i = 0; i < pixels.length; i++) if (pixels[i] === pixels[i]) overlap++;
        if (overlap < 0.01 * pixels.length) {
          throw new Error(`frame B does not overlap frame A ${this.registration === 'wcs' ? 'on the sky' : ''}: choose another`);
        }
        this.registered = markRaw({ ...base, pixels });
        const d = difference(base.pixels, pixels);
        this.diff = markRaw({ ...base, pixels: d.pixels, limit: d.limit });
      } catch (err) {
        const e = err as { code?: string; message: string };
        this.error = e.code ? `${e.code}: ${e.message}` : e.message;
        this.active = false;
      } finally {
        this.loading = false;
      }
    },
    stop() {
      this.active = false;
      this.registered = null;
      this.diff = null;
      this.showing = 'A';
    },
    async toggle() {
      if (this.active) this.stop();
      else await this.start();
    },
    setRate(hz: number) {
      if (Number.isFinite(hz)) this.rateHz = Math.min(20, Math.max(0.2, hz));
    },
  },
});
