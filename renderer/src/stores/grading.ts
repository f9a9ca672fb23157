/** Grading of the night shown: each frame's verdict and reasons, the criteria, manual overrides. */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';
import type { GradedFrame, GradingCriteria, NightGrading, Verdict } from '../../../electron/host/api';

export type { GradedFrame, GradingCriteria, Verdict };

export const useGradingStore = defineStore('grading', {
  state: () => ({
    night: '' as string,
    byId: {} as Record<number, GradedFrame>,
    criteria: null as GradingCriteria | null,
    defaults: true,
    medianSky: null as number | null,
    counts: { good: 0, bad: 0, pending: 0 } as NightGrading['counts'],
    error: '',
  }),
  getters: {
    verdictOf: (s) => (id: number): Verdict | null => s.byId[id]?.verdict ?? null,
    goodIds: (s) => Object.values(s.byId).filter((f) => f.verdict === 'good').map((f) => f.id),
  },
  actions: {
    apply(g: NightGrading) {
      if (g.night !== this.night) return;
      this.byId = Object.fromEntries(g.frames.map((f) => [f.id, f]));
      this.criteria = g.criteria;
      this.defaults = g.defaults;
      this.medianSky = g.medianSky;
      this.counts = g.counts;
      this.error = '';
    },
    fail(err: unknown) {
      const e = err as { code?: string; message: string };
      this.error = e.code ? `${e.code}: ${e.message}` : e.message;
    },
    async load(night: string) {
      if (night !== this.night) {
        this.night = night;
        this.byId = {};
      }
      if (!night) return;
      try {
        this.apply(await useApi().call('getGrading', { night }));
      } catch (err) {
        this.fail(err);
      }
    },
    async setCriteria(patch: Partial<GradingCriteria>) {
      if (!this.night) return;
      try {
        this.apply(await useApi().call('setGradingCriteria', { night: this.night, criteria: patch }));
      } catch (err) {
        this.fail(err);
      }
    },
    /** Approve ('good'), reject ('bad') or return to the automatic verdict (null). */
    async setVerdict(id: number, verdict: 'good' | 'bad' | null) {
      try {
        const f = await useApi().call('setFrameVerdict', { id, verdict });
        this.byId[id] = f;
        await this.load(this.night);
      } catch (err) {
        this.fail(err);
      }
    },
  },
});
