import { beforeEach, describe, expect, test } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useFramesStore } from '../src/stores/frames';
import type { FrameSummary } from '../src/api/contract';

function frame(id: number, over: Partial<FrameSummary> = {}): FrameSummary {
  return {
    id, source: 'folder:/n', key: `f${id}.fits`, name: `f${id}.fits`, night: '20240101', status: 'ready', error: null,
    dateObs: `2024-01-02T0${id % 10}:00:00Z`, exptime: 30, filter: 'r', object: 'M31', shape: [10, 10], bitpix: 16,
    size: 1000 * id, addedAt: '2024-01-02T00:00:00Z', stats: null, quality: null, ...over,
  };
}

describe('frames store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  test('the newest night is listed first', () => {
    const s = useFramesStore();
    s.nights = [
      { night: '20240101', frameCount: 5, lastAddedAt: '' },
      { night: '20240103', frameCount: 2, lastAddedAt: '' },
      { night: '20231230', frameCount: 9, lastAddedAt: '' },
    ];
    expect(s.nightsNewestFirst.map((n) => n.night)).toEqual(['20240103', '20240101', '20231230']);
  });

  test('visible frames are searched, filtered by status and sorted by any column', () => {
    const s = useFramesStore();
    s.night = '20240101';
    s.frames = [frame(1, { object: 'NGC 7000' }), frame(2, { status: 'error' }), frame(3, { filter: 'g', stats: { median: 5, sky: 5, noise: 1 } })];
    expect(s.visibleFrames.map((f) => f.id)).toEqual([3, 2, 1]); // time, newest first
    s.setSort('size');
    expect(s.visibleFrames.map((f) => f.id)).toEqual([1, 2, 3]);
    s.setSort('size');
    expect(s.visibleFrames.map((f) => f.id)).toEqual([3, 2, 1]);
    s.setSort('median');
    expect(s.visibleFrames[0]!.id).toBe(3); // frames without a median sort last
    s.search = 'ngc';
    expect(s.visibleFrames.map((f) => f.id)).toEqual([1]);
    s.search = '';
    s.statusFilter = 'error';
    expect(s.visibleFrames.map((f) => f.id)).toEqual([2]);
  });

  test('a live frame is added, highlighted, counted, and selected when following', () => {
    const s = useFramesStore();
    s.night = '20240101';
    s.nights = [{ night: '20240101', frameCount: 0, lastAddedAt: '' }];
    s.follow = true;
    s.frameAdded(frame(7), 1000);
    expect(s.frames).toHaveLength(1);
    expect(s.selectedId).toBe(7);
    expect(s.isHighlighted(7, 2000)).toBe(true);
    expect(s.isHighlighted(7, 1000 + 60_000)).toBe(false);
    expect(s.nights[0]!.frameCount).toBe(1);
    s.frameAdded(frame(8, { night: '20240102' }), 1000);
    expect(s.frames).toHaveLength(1); // another night: counted, not listed
    expect(s.nightsNewestFirst[0]!.night).toBe('20240102');
  });

  test('keyboard moves the selection in visible order and stops following', () => {
    const s = useFramesStore();
    s.frames = [frame(1), frame(2), frame(3)];
    s.move(1);
    expect(s.selectedId).toBe(3);
    s.move(1);
    expect(s.selectedId).toBe(2);
    s.move(-5);
    expect(s.selectedId).toBe(3);
    expect(s.follow).toBe(false);
  });

  test('download progress is a fraction while running and gone when complete', () => {
    const s = useFramesStore();
    s.downloadProgress(4, 250, 1000);
    expect(s.progress[4]).toBe(0.25);
    s.downloadProgress(4, 1000, 1000);
    expect(s.progress[4]).toBeUndefined();
  });
});
