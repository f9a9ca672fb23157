/** Archive export: the frames chosen, the format, progress and the result. */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';

export const useExportStore = defineStore('export', {
  state: () => ({
    chosen: {} as Record<number, boolean>,
    format: 'mef' as 'mef' | 'cube',
    compress: false,
    keywords: 'DATE-OBS, EXPTIME, FILTER, OBJECT',
    done: 0,
    total: 0,
    running: false,
    resultPath: '',
    error: '',
  }),
  getters: {
    chosenIds: (s) => Object.entries(s.chosen).filter(([, v]) => v).map(([k]) => Number(k)),
    fraction: (s) => (s.total > 0 ? Math.min(1, s.done / s.total) : 0),
  },
  actions: {
    toggle(id: number) {
      this.chosen[id] = !this.chosen[id];
    },
    chooseAll(ids: number[], on: boolean) {
      this.chosen = on ? Object.fromEntries(ids.map((id) => [id, true])) : {};
    },
    progressed(done: number, total: number) {
      this.done = done;
      this.total = total;
    },
    async run() {
      const ids = this.chosenIds;
      if (ids.length === 0) {
        this.error = 'Choose at least one frame to export.';
        return;
      }
      this.running = true;
      this.error = '';
      this.resultPath = '';
      this.done = 0;
      this.total = ids.length;
      try {
        const keywords = this.keywords.split(',').map((k) => k.trim().toUpperCase()).filter(Boolean);
        const r = await useApi().call('exportArchive', {
          ids,
          format: this.format,
          compress: this.format === 'mef' ? this.compress : undefined,
          keywords: this.format === 'cube' ? keywords : undefined,
        });
        this.resultPath = r.path;
        this.done = this.total = r.frames;
      } catch (err) {
        const e = err as { code?: string; message: string };
        this.error = e.code ? `${e.code}: ${e.message}` : e.message;
      } finally {
        this.running = false;
      }
    },
  },
});
