/** Focal plane configuration for a date; the admin's update form with a dry run before commit. */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';
import type { FplaneRow } from '../api/contract';
import { diffLines, type DiffLine } from '../lib/line-diff';

export type IfuKind = 'active' | 'inactive' | 'special';

/** Active VIRUS IFU, commented-out seat, or special entry (LRS2 slots 056/066, IDs ≥ 900). */
export function ifuKind(row: FplaneRow): IfuKind {
  if (row.ifuslot === '056' || row.ifuslot === '066' || Number(row.specid) >= 900 || Number(row.ifuid) >= 900) return 'special';
  return row.commented ? 'inactive' : 'active';
}

export const useFplaneStore = defineStore('fplane', {
  state: () => ({
    date: '' as string,
    full: true,
    actualPos: false,
    text: '',
    rows: [] as FplaneRow[],
    error: '',
    loading: false,
    draft: '' as string,
    apiKey: '' as string,
    dryRunText: '' as string,
    updateError: '',
    committed: false,
  }),
  getters: {
    byKind: (s) => {
      const out: Record<IfuKind, FplaneRow[]> = { active: [], inactive: [], special: [] };
      for (const r of s.rows) out[ifuKind(r)].push(r);
      return out;
    },
    diff(s): DiffLine[] {
      return s.dryRunText ? diffLines(s.text, s.dryRunText) : [];
    },
  },
  actions: {
    async load() {
      this.loading = true;
      try {
        const r = await useApi().call('getFplane', { datestr: this.date || undefined, full: this.full, actualPos: this.actualPos });
        this.text = r.text;
        this.rows = r.ifus;
        this.error = '';
      } catch (err) {
        const e = err as { code?: string; message: string };
        this.error = e.code ? `${e.code}: ${e.message}` : e.message;
        this.text = '';
        this.rows = [];
      } finally {
        this.loading = false;
      }
    },
    /** Draft JSON from the rows shown, for the admin to edit. */
    startDraft() {
      this.draft = JSON.stringify(
        {
          ifus: this.rows.map((r) => ({
            ifuslot: r.ifuslot, x: r.x, y: r.y, specid: r.specid, specslot: r.specslot,
            ifuid: r.ifuid, ifurot: r.ifurot, platesc: r.platesc, active: !r.commented,
          })),
        },
        null,
        1,
      );
      this.dryRunText = '';
      this.updateError = '';
      this.committed = false;
    },
    async submit(commit: boolean) {
      let config: unknown;
      try {
        config = JSON.parse(this.draft);
      } catch (err) {
        this.updateError = `The configuration is not valid JSON: ${(err as Error).message}`;
        return;
      }
      try {
        const r = await useApi().call('updateFplane', {
          config: config as never,
          commit,
          datestr: this.date || undefined,
          apiKey: this.apiKey || undefined,
        });
        this.updateError = '';
        if (commit) {
          this.committed = true;
          this.dryRunText = '';
          await this.load();
        } else this.dryRunText = r.text;
      } catch (err) {
        const e = err as { code?: string; message: string; details?: { problems?: unknown[] } };
        const problems = Array.isArray(e.details?.problems) ? '\n' + e.details!.problems!.map(String).join('\n') : '';
        this.updateError = `${e.code ?? 'ERROR'}: ${e.message}${problems}`;
      }
    },
  },
});
