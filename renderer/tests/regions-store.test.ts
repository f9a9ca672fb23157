import { beforeEach, describe, expect, test } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { measuredIndices, moveShape, useRegionsStore } from '../src/stores/regions';
import { useViewerStore } from '../src/stores/viewer';
import { setApiClient, type ApiClient } from '../src/api/client';

/** A client that records calls and answers region statistics with one row per measured region. */
function fakeClient(calls: { op: string; req: unknown }[]): ApiClient {
  return {
    transportKind: 'http',
    online: true,
    async call(op: string, req: unknown) {
      calls.push({ op, req });
      if (op === 'getRegionStatistics') {
        const n = ((req as { regions: string }).regions.match(/^(circle|box|polygon)/gm) ?? []).length;
        return { regions: Array.from({ length: n }, (_, index) => ({ index, shape: 'circle', count: 10 + index, sum: 1, mean: 1, median: 1, min: 1, max: 1, std: 0, nanCount: 0 })), warnings: [] };
      }
      if (op === 'getFrameRegions') return { text: null };
      return {};
    },
    on: () => () => {},
    onConnectivity: () => () => {},
    close() {},
  } as unknown as ApiClient;
}

describe('regions store', () => {
  let calls: { op: string; req: unknown }[];
  beforeEach(() => {
    setActivePinia(createPinia());
    calls = [];
    setApiClient(fakeClient(calls));
  });

  test('statistics rows belong to the include regions with an area, in order', () => {
    expect(
      measuredIndices([
        { shape: { kind: 'circle', x: 1, y: 1, r: 2 }, include: true },
        { shape: { kind: 'point', x: 1, y: 1 }, include: true },
        { shape: { kind: 'box', x: 1, y: 1, width: 2, height: 2, angleDeg: 0 }, include: false },
        { shape: { kind: 'polygon', points: [[0, 0], [1, 0], [0, 1]] }, include: true },
      ]),
    ).toEqual([0, 3]);
  });

  test('moving a shape moves every point of it', () => {
    expect(moveShape({ kind: 'polygon', points: [[0, 0], [2, 1]] }, 1, -1)).toEqual({ kind: 'polygon', points: [[1, -1], [3, 0]] });
    expect(moveShape({ kind: 'line', x1: 0, y1: 0, x2: 1, y2: 1 }, 2, 3)).toEqual({ kind: 'line', x1: 2, y1: 3, x2: 3, y2: 4 });
    expect(moveShape({ kind: 'circle', x: 5, y: 5, r: 1 }, -1, 1)).toEqual({ kind: 'circle', x: 4, y: 6, r: 1 });
  });

  test('a loaded file is added and measured; a bad file changes nothing and says which line', async () => {
    const viewer = useViewerStore();
    viewer.frameId = 7;
    const s = useRegionsStore();
    await s.loadForFrame(7);
    await s.importText('image\ncircle(10,10,3) # text={a}\n-box(10,10,2,2,0)\npolygon(1,1,5,1,3,4)\n');
    expect(s.regions.map((r) => r.shape.kind)).toEqual(['circle', 'box', 'polygon']);
    await s.loadStats();
    expect(Object.keys(s.stats).map(Number)).toEqual([0, 2]);
    expect(s.stats[2]!.count).toBe(11);
    await s.importText('image\ncircle(1,1,1)\nellipse(1,2)\n');
    expect(s.error).toMatch(/BAD_REGION_FILE.*line 3/);
    expect(s.regions).toHaveLength(3);
    // Sky coordinates need the frame's WCS: the open frame here has none.
    await s.importText('fk5; circle(10.1,41.2,5")');
    expect(s.error).toMatch(/NO_WCS/);
    expect(s.regions).toHaveLength(3);
  });

  test('a sky region file loaded while the frame is still opening waits for its WCS', async () => {
    const viewer = useViewerStore();
    viewer.frameId = 7;
    viewer.loading = true; // the quick look is on screen, the header is not here yet
    const s = useRegionsStore();
    await s.loadForFrame(7);
    const loaded = s.importText('icrs; circle(10.0,41.0,5")');
    await Promise.resolve();
    expect(s.regions).toHaveLength(0);
    viewer.cards = [
      ['NAXIS', 2], ['NAXIS1', 100], ['NAXIS2', 100], ['CTYPE1', 'RA---TAN'], ['CTYPE2', 'DEC--TAN'],
      ['CRPIX1', 50.5], ['CRPIX2', 50.5], ['CRVAL1', 10.0], ['CRVAL2', 41.0], ['CDELT1', -0.0002], ['CDELT2', 0.0002],
    ].map(([key, value]) => ({ key, value, comment: '' })) as typeof viewer.cards;
    viewer.loading = false;
    await loaded;
    expect(s.error).toBe('');
    expect(s.regions).toHaveLength(1);
    const c = s.regions[0]!.shape as { kind: string; x: number; y: number };
    expect(c.kind).toBe('circle');
    expect(c.x).toBeCloseTo(49.5, 3); // CRPIX 50.5 is 0-based pixel 49.5
    expect(c.y).toBeCloseTo(49.5, 3);
  });
});
