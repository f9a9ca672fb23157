/**
 * Nights and the frames of the selected night: the live list (events merged in), sort,
 * search, follow-newest, keyboard selection and per-frame download progress.
 */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';
import type { FrameSummary, NightSummary } from '../api/contract';
import { compareFrames, matchesSearch, type ColumnKey } from '../lib/frame-columns';
import { useGradingStore, type Verdict } from './grading';

const PAGE = 5000;
const HIGHLIGHT_MS = 4000;

export const useFramesStore = defineStore('frames', {
  state: () => ({
    nights: [] as NightSummary[],
    night: '' as string,
    frames: [] as FrameSummary[],
    loading: false,
    error: '' as string,
    sortKey: 'time' as ColumnKey,
    sortDir: -1 as 1 | -1,
    search: '',
    statusFilter: '' as '' | FrameSummary['status'],
    /** Show only frames with this grading verdict ('' = all). */
    verdictFilter: '' as '' | Verdict,
    follow: true,
    selectedId: null as number | null,
    /** Frame id → time (ms) until which the row is highlighted as new. */
    highlightUntil: {} as Record<number, number>,
    /** Frame id → download fraction 0..1 (absent when not downloading). */
    progress: {} as Record<number, number>,
    /** The newest arrival to open while following (changes only on live arrivals). */
    followTarget: null as number | null,
  }),
  getters: {
    /** Newest night first: the night in progress is on top. */
    nightsNewestFirst: (s) => [...s.nights].sort((a, b) => b.night.localeCompare(a.night)),
    visibleFrames(s): FrameSummary[] {
      const grading = useGradingStore();
      const verdict = (f: FrameSummary) => grading.byId[f.id]?.verdict ?? null;
      const byVerdict = (a: FrameSummary, b: FrameSummary) =>
        (verdict(a) ?? '~').localeCompare(verdict(b) ?? '~') * s.sortDir || compareFrames(a, b, 'time', -1);
      return s.frames
        .filter((f) => (!s.statusFilter || f.status === s.statusFilter) && (!s.verdictFilter || verdict(f) === s.verdictFilter) && matchesSearch(f, s.search))
        .sort((a, b) => (s.sortKey === 'verdict' ? byVerdict(a, b) : compareFrames(a, b, s.sortKey, s.sortDir)));
    },
    selectedIndex(): number {
      return this.selectedId === null ? -1 : this.visibleFrames.findIndex((f) => f.id === this.selectedId);
    },
    selected(s): FrameSummary | null {
      return s.frames.find((f) => f.id === s.selectedId) ?? null;
    },
    /** The frame the list shows first (newest when sorted by time descending). */
    newest(s): FrameSummary | null {
      let best: FrameSummary | null = null;
      for (const f of s.frames) if (!best || compareFrames(f, best, 'time', 1) > 0) best = f;
      return best;
    },
  },
  actions: {
    async loadNights() {
      try {
        this.nights = (await useApi().call('listNights', {})).nights;
        this.error = '';
        if (!this.night && this.nights.length > 0) await this.selectNight(this.nightsNewestFirst[0]!.night);
      } catch (err) {
        this.error = (err as Error).message;
      }
    },
    async selectNight(night: string) {
      this.night = night;
      this.frames = [];
      this.selectedId = null;
      this.loading = true;
      try {
        const all: FrameSummary[] = [];
        for (let offset = 0; ; offset += PAGE) {
          const page = await useApi().call('listFrames', { night, offset, limit: PAGE });
          if (this.night !== night) return; // another night was chosen meanwhile
          all.push(...page.frames);
          if (page.frames.length < PAGE || all.length >= page.total) break;
        }
        this.frames = all;
        this.error = '';
      } catch (err) {
        this.error = (err as Error).message;
      } finally {
        this.loading = false;
      }
    },
    setSort(key: ColumnKey) {
      if (this.sortKey === key) this.sortDir = this.sortDir === 1 ? -1 : 1;
      else {
        this.sortKey = key;
        this.sortDir = key === 'time' ? -1 : 1;
      }
    },
    select(id: number | null) {
      this.selectedId = id;
    },
    /** Moves the selection by `delta` rows in the visible order. */
    move(delta: number) {
      const list = this.visibleFrames;
      if (list.length === 0) return;
      const i = this.selectedIndex;
      const next = i < 0 ? 0 : Math.min(list.length - 1, Math.max(0, i + delta));
      this.selectedId = list[next]!.id;
      this.follow = false;
    },
    frameAdded(frame: FrameSummary, now = Date.now()) {
      this.bumpNight(frame.night, 1);
      if (frame.night !== this.night) return;
      const i = this.frames.findIndex((f) => f.id === frame.id);
      if (i >= 0) this.frames[i] = frame;
      else this.frames.push(frame);
      this.highlightUntil[frame.id] = now + HIGHLIGHT_MS;
      if (this.follow) {
        this.selectedId = frame.id;
        this.followTarget = frame.id;
      }
    },
    frameUpdated(frame: Partial<FrameSummary> & { id: number }) {
      const i = this.frames.findIndex((f) => f.id === frame.id);
      if (i >= 0) this.frames[i] = { ...this.frames[i]!, ...frame };
      if (frame.status && frame.status !== 'downloading') delete this.progress[frame.id];
    },
    frameRemoved(id: number) {
      const i = this.frames.findIndex((f) => f.id === id);
      if (i >= 0) {
        const [removed] = this.frames.splice(i, 1);
        this.bumpNight(removed!.night, -1);
      }
      if (this.selectedId === id) this.selectedId = null;
    },
    downloadProgress(id: number, bytes: number, total: number | null) {
      if (!total || total <= 0) return;
      if (bytes >= total) delete this.progress[id];
      else this.progress[id] = bytes / total;
    },
    isHighlighted(id: number, now = Date.now()): boolean {
      return (this.highlightUntil[id] ?? 0) > now;
    },
    bumpNight(night: string, delta: number) {
      const n = this.nights.find((x) => x.night === night);
      if (n) n.frameCount = Math.max(0, n.frameCount + delta);
      else if (delta > 0) this.nights.push({ night, frameCount: delta, lastAddedAt: new Date().toISOString() });
    },
  },
});
