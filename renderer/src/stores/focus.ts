/** The Focus view's state: the night's focus run or frames chosen by hand, and their fitted V-curve. */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';
import type { ResponseOf } from '../api/contract';

export type FocusCurve = ResponseOf<'getFocusCurve'>;

export const useFocusStore = defineStore('focus', {
  state: () => ({
    /** Frames chosen by hand (id → chosen); empty = the night's latest focus run. */
    chosen: {} as Record<number, boolean>,
    /** Focuser keyword; empty = the first of FOCUS, FOCPOS, FOCUSPOS, FOC-POS. */
    key: '',
    curve: null as FocusCurve | null,
    loading: false,
    error: '',
  }),
  getters: {
    chosenIds: (s) => Object.entries(s.chosen).filter(([, v]) => v).map(([k]) => Number(k)),
  },
  actions: {
    toggle(id: number) {
      this.chosen[id] = !this.chosen[id];
    },
    useRun() {
      this.chosen = {};
    },
    async load(night: string) {
      const ids = this.chosenIds;
      if (!night && ids.length === 0) return;
      this.loading = true;
      try {
        const key = this.key.trim() || undefined;
        this.curve = await useApi().call('getFocusCurve', ids.length ? { ids, key } : { night, key });
        this.error = '';
      } catch (err) {
        const e = err as { code?: string; message: string };
        this.error = e.code ? `${e.code}: ${e.message}` : e.message;
      } finally {
        this.loading = false;
      }
    },
  },
});
