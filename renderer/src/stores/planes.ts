/**
 * Stepping through the planes of a cube: show plane k (only its preview is fetched; zoom, pan
 * and stretch stay), step with `[` / `]`, play / pause. The display limits stay those in force
 * when stepping began, so planes compare by eye, unless "per-plane limits" is ticked; then each
 * plane gets its own (from the host, like any frame's).
 */
import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import { useApi } from '../api/client';
import { previewPixels } from '../lib/preview-pixels';
import { readJson, writeJson } from '../lib/storage';
import { formatPlaneAxisValue, type PlaneAxis } from '../../../native-workers/fits/planes';
import { previewSize, useViewerStore } from './viewer';
import { useAnalysisStore } from './analysis';

const PER_PLANE_KEY = 'nightdeck.perPlaneLimits';

/** Planes per second while playing (each plane waits for its pixels, so slow links play slower). */
export const PLAY_FPS = 4;

/** Incremented to stop a running play loop. */
let playToken = 0;

export const usePlanesStore = defineStore('planes', {
  state: () => ({
    playing: false,
    perPlaneLimits: readJson<boolean>(PER_PLANE_KEY, false),
    error: '',
  }),
  getters: {
    count: (): number => useViewerStore().opened?.planes ?? 1,
    current: (): number => useViewerStore().plane,
    isCube(): boolean {
      return this.count > 1;
    },
    /** The frame this plane came from (FRAMES table of a NightDeck cube export), or ''. */
    name(): string {
      return useViewerStore().opened?.planeNames?.[this.current] ?? '';
    },
    /** The third axis' value at this plane (`WAVE = 6563.2 Angstrom`), or '' when the header has none. */
    axisValue(): string {
      const axis = useViewerStore().opened?.planeAxis as PlaneAxis | null | undefined;
      return axis ? formatPlaneAxisValue(axis, this.current) : '';
    },
  },
  actions: {
    /** Shows plane k of the open frame: its preview, and its own limits when per-plane limits are on. */
    async show(k: number): Promise<void> {
      const viewer = useViewerStore();
      const id = viewer.frameId;
      if (id === null || !viewer.opened || !Number.isInteger(k) || k < 0 || k >= this.count || k === viewer.plane) return;
      viewer.plane = k;
      this.error = '';
      if (this.perPlaneLimits) viewer.limitsCache = {};
      const { width: maxWidth, height: maxHeight } = previewSize(viewer.viewport);
      try {
        const [preview] = await Promise.all([
          useApi().call('getPreview', { id, hdu: viewer.hdu ?? undefined, plane: k, maxWidth, maxHeight, encoding: 'binary' }),
          this.perPlaneLimits ? viewer.ensureLimits() : undefined,
        ]);
        // A later step (or another frame) won: its pixels are the ones to show.
        if (viewer.frameId !== id || viewer.plane !== k) return;
        viewer.base = markRaw({
          pixels: previewPixels(preview.data),
          width: preview.width,
          height: preview.height,
          binFactor: preview.binFactor,
          region: preview.region,
        });
        viewer.remember();
        if (!this.playing) void useAnalysisStore().refreshAll();
      } catch (err) {
        if (viewer.frameId === id) this.error = (err as Error).message;
      }
    },
    /** One plane back or forward; `wrap` goes round (playing), else it stops at the ends. */
    step(delta: number, wrap = false): Promise<void> {
      const n = this.count;
      let k = useViewerStore().plane + delta;
      if (wrap) k = ((k % n) + n) % n;
      else k = Math.min(n - 1, Math.max(0, k));
      return this.show(k);
    },
    async play(): Promise<void> {
      if (this.playing || !this.isCube) return;
      const viewer = useViewerStore();
      const id = viewer.frameId;
      const token = ++playToken;
      this.playing = true;
      while (this.playing && token === playToken && viewer.frameId === id && this.isCube) {
        const started = performance.now();
        await this.step(1, true);
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 / PLAY_FPS - (performance.now() - started))));
      }
      if (token === playToken) this.playing = false;
    },
    pause(): void {
      if (!this.playing) return;
      playToken++;
      this.playing = false;
      void useAnalysisStore().refreshAll();
    },
    togglePlay(): void {
      if (this.playing) this.pause();
      else void this.play();
    },
    /** Per-plane limits on: this plane's own limits now; off: the current ones stay for every plane. */
    async setPerPlaneLimits(on: boolean): Promise<void> {
      this.perPlaneLimits = on;
      writeJson(PER_PLANE_KEY, on);
      const viewer = useViewerStore();
      if (on && viewer.frameId !== null) {
        viewer.limitsCache = {};
        await viewer.ensureLimits();
      }
    },
  },
});
