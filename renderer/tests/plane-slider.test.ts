import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import { setApiClient, type ApiClient } from '../src/api/client';
import { useViewerStore } from '../src/stores/viewer';
import { usePlanesStore } from '../src/stores/planes';
import { actionOf } from '../src/lib/shortcuts';
import { runShortcutAction } from '../src/shortcut-handler';
import PlaneSlider from '../src/components/PlaneSlider.vue';

/** Little-endian Float32 bytes as base64, as the host sends preview pixels. */
function base64Floats(values: number[]): string {
  const bytes = new Uint8Array(new Float32Array(values).buffer);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

interface Call {
  op: string;
  req: Record<string, unknown>;
}

/** A fake host: a 2×1 cube of 5 planes whose plane k holds k·10 and k·10 + 1; limits per plane. */
function fakeHost(calls: Call[]): ApiClient {
  const answers: Record<string, (req: Record<string, unknown>) => unknown> = {
    openFrame: (r) => ({
      id: r.id, hdus: [], hdu: 0, width: 2, height: 1, bitpix: -32, wcs: null,
      shape: [2, 1, 5], planes: 5, plane: r.plane ?? 0,
      planeNames: ['a.fits', 'b.fits', 'c.fits', 'd.fits', 'e.fits'],
      planeAxis: { ctype: 'WAVE', cunit: 'Angstrom', crval: 6500, crpix: 1, cdelt: 2.5 },
    }),
    getPreview: (r) => {
      const k = Number(r.plane ?? 0);
      return { width: 2, height: 1, binFactor: 1, region: { x0Px: 0, y0Px: 0, x1Px: 2, y1Px: 1 }, dtype: 'float32', data: base64Floats([k * 10, k * 10 + 1]), plane: k };
    },
    getHeader: () => ({ hdu: 0, cards: [] }),
    getStretchLimits: (r) => ({ min: Number(r.plane ?? 0) * 10, max: Number(r.plane ?? 0) * 10 + 1, plane: r.plane }),
  };
  return {
    transportKind: 'http',
    online: true,
    call: async (op: string, req: unknown) => {
      calls.push({ op, req: req as Record<string, unknown> });
      const answer = answers[op];
      if (!answer) throw Object.assign(new Error(`no ${op} in this fake`), { code: 'NOT_FOUND' });
      return answer(req as Record<string, unknown>);
    },
    on: () => () => undefined,
    onConnectivity: () => () => undefined,
    close: () => undefined,
  } as unknown as ApiClient;
}

describe('planes of a cube in the console', () => {
  let calls: Call[];
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    calls = [];
    setApiClient(fakeHost(calls));
  });
  afterEach(() => setApiClient(null));

  async function openCube() {
    const viewer = useViewerStore();
    await viewer.open(7, '20240315');
    return viewer;
  }

  test('stepping shows each plane’s pixels and keeps the limits fixed; per-plane limits follow the plane', async () => {
    const viewer = await openCube();
    const planes = usePlanesStore();
    expect(planes.isCube).toBe(true);
    expect(viewer.limits).toEqual({ low: 0, high: 1 });
    await planes.step(1);
    expect(viewer.plane).toBe(1);
    expect(Array.from(viewer.base!.pixels)).toEqual([10, 11]);
    expect(viewer.limits).toEqual({ low: 0, high: 1 }); // fixed while stepping
    // The display limits (zscale) were asked once, for plane 0 (the analysis panel asks its own percentiles).
    expect(calls.filter((c) => c.op === 'getStretchLimits' && c.req.method === 'zscale')).toHaveLength(1);
    await planes.setPerPlaneLimits(true);
    expect(viewer.limits).toEqual({ low: 10, high: 11 });
    await planes.step(2);
    expect(viewer.plane).toBe(3);
    expect(viewer.limits).toEqual({ low: 30, high: 31 });
    // Opening also asks a quick look (coarse) first; the plane steps ask full previews only.
    expect(calls.filter((c) => c.op === 'getPreview' && !c.req.coarse).map((c) => c.req.plane)).toEqual([0, 1, 3]);
    await planes.step(5); // stops at the last plane
    expect(viewer.plane).toBe(4);
  });

  test('[ and ] step through the planes; the plane is kept in the frame’s view state', async () => {
    const viewer = await openCube();
    const next = actionOf({ key: ']', altKey: false, ctrlKey: false, metaKey: false }, false);
    expect(next).toBe('planeNext');
    expect(actionOf({ key: '[', altKey: false, ctrlKey: false, metaKey: false }, false)).toBe('planePrev');
    runShortcutAction(next!, null);
    await new Promise((r) => setTimeout(r, 0));
    expect(viewer.plane).toBe(1);
    // A reload (new store) comes back to plane 1.
    setActivePinia(createPinia());
    const again = await openCube();
    expect(again.plane).toBe(1);
    expect(calls.filter((c) => c.op === 'openFrame').at(-1)!.req.plane).toBe(1);
  });

  test('the slider shows the index, the third axis’ value and the frame the plane came from', async () => {
    const viewer = await openCube();
    const wrapper = mount(PlaneSlider);
    await nextTick();
    expect(wrapper.find('[data-testid="plane-index"]').text()).toBe('plane 0 (0–4)');
    expect(wrapper.find('[data-testid="plane-axis"]').text()).toBe('WAVE = 6500 Angstrom');
    expect(wrapper.find('[data-testid="plane-name"]').text()).toBe('a.fits');
    const range = wrapper.find('[data-testid="plane-range"]');
    (range.element as HTMLInputElement).value = '2';
    await range.trigger('input');
    await new Promise((r) => setTimeout(r, 0));
    expect(viewer.plane).toBe(2);
    expect(wrapper.find('[data-testid="plane-axis"]').text()).toBe('WAVE = 6505 Angstrom');
    expect(wrapper.find('[data-testid="plane-name"]').text()).toBe('c.fits');
  });

  test('play steps on by itself and pause stops it', async () => {
    const viewer = await openCube();
    const planes = usePlanesStore();
    const playing = planes.play();
    expect(planes.playing).toBe(true);
    // Wait on the condition, not on a duration: two planes further.
    while (viewer.plane < 2) await new Promise((r) => setTimeout(r, 5));
    planes.pause();
    // The play loop itself ends (its promise settles): nothing steps on after pause.
    await playing;
    expect(planes.playing).toBe(false);
  });

  test('a 2-D frame shows no slider and [ ] do nothing', async () => {
    setApiClient({
      ...fakeHost(calls),
      call: async (op: string, req: unknown) => {
        if (op === 'openFrame') return { id: 1, hdus: [], hdu: 0, width: 2, height: 1, bitpix: -32, wcs: null, shape: [2, 1], planes: 1, plane: 0, planeNames: null, planeAxis: null };
        return fakeHost(calls).call(op as never, req as never);
      },
    } as ApiClient);
    await useViewerStore().open(1, '20240315');
    const wrapper = mount(PlaneSlider);
    expect(wrapper.find('[data-testid="plane-slider"]').exists()).toBe(false);
    expect(runShortcutAction('planeNext', null)).toBe(false);
  });
});
