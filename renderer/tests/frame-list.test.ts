import { describe, expect, test } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import FrameList from '../src/components/FrameList.vue';
import { useFramesStore } from '../src/stores/frames';
import type { FrameSummary } from '../src/api/contract';

function frames(n: number): FrameSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1, source: 's', key: `k${i}`, name: `frame-${String(i + 1).padStart(5, '0')}.fits`, night: '20240101',
    status: 'ready' as const, error: null, dateObs: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(), exptime: 10,
    filter: 'r', object: 'X', shape: [10, 10], bitpix: 16, size: 1, addedAt: '', stats: null, quality: null,
  }));
}

describe('frame list component', () => {
  test('renders a few dozen rows out of 10,000 and a spacer of the full height', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const store = useFramesStore();
    store.frames = frames(10_000);
    const w = mount(FrameList, { global: { plugins: [pinia] }, attachTo: document.body });
    await w.vm.$nextTick();
    const rows = w.findAll('[data-testid="frame-row"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]!.attributes('data-frame-name')).toBe('frame-10000.fits'); // newest first
    const spacer = w.find('.spacer');
    expect(spacer.attributes('style')).toContain(`height: ${10_000 * 26}px`);
    w.unmount();
  });

  test('a double click asks to open that frame', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    useFramesStore().frames = frames(3);
    const w = mount(FrameList, { global: { plugins: [pinia] } });
    await w.vm.$nextTick();
    await w.findAll('[data-testid="frame-row"]')[1]!.trigger('dblclick');
    expect(w.emitted('open')?.[0]?.[0]).toMatchObject({ id: 2 });
    w.unmount();
  });
});
