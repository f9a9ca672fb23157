/** The star overlay: detected sources of the open frame (from getQuality), shown or hidden with `o`. */
import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import { useApi } from '../api/client';
import type { ApiFrameQuality } from '../api/contract';

export type OverlaySource = NonNullable<ApiFrameQuality['sources']>[number];
export type OverlaySaturated = NonNullable<ApiFrameQuality['saturatedSources']>[number];

export const useOverlayStore = defineStore('overlay', {
  state: () => ({
    visible: false,
    /** The frame the sources belong to. */
    frameId: null as number | null,
    sources: [] as OverlaySource[],
    saturated: [] as OverlaySaturated[],
    loading: false,
    error: '',
  }),
  actions: {
    toggle(frameId: number | null) {
      this.visible = !this.visible;
      if (this.visible && frameId !== null) void this.ensure(frameId);
    },
    /** Loads the sources of `frameId` unless they are here (the host memoizes the measurement). */
    async ensure(frameId: number) {
      if (this.frameId === frameId && (this.sources.length || this.saturated.length || this.loading)) return;
      this.frameId = frameId;
      this.sources = [];
      this.saturated = [];
      this.loading = true;
      try {
        const q = await useApi().call('getQuality', { id: frameId });
        if (this.frameId !== frameId) return;
        // Plain arrays, not reactive proxies: the canvas reads thousands of them per frame.
        this.sources = markRaw(q.sources ?? []);
        this.saturated = markRaw(q.saturatedSources ?? []);
        this.error = '';
      } catch (err) {
        if (this.frameId !== frameId) return;
        const e = err as { code?: string; message: string };
        this.error = e.code ? `${e.code}: ${e.message}` : e.message;
      } finally {
        if (this.frameId === frameId) this.loading = false;
      }
    },
  },
});
