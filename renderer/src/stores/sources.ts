/** Sources and their live status (polling, last poll, error with reason). */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';
import type { SourceInfo, SourceStatus } from '../api/contract';

export const useSourcesStore = defineStore('sources', {
  state: () => ({
    sources: [] as SourceInfo[],
    error: '' as string,
  }),
  getters: {
    failing: (s) => s.sources.filter((x) => !!x.status.lastError || x.status.state === 'error' || x.status.state === 'backoff'),
    allHealthy(): boolean {
      return this.failing.length === 0;
    },
  },
  actions: {
    async load() {
      try {
        this.sources = (await useApi().call('getSources', {})).sources;
        this.error = '';
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
    applyStatus(source: string, status: SourceStatus) {
      const s = this.sources.find((x) => x.id === source);
      if (s) s.status = status;
    },
  },
});
