import { beforeEach, describe, expect, test } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useViewerStore } from '../src/stores/viewer';
import { useSkyStore } from '../src/stores/sky';
import { viewerCommands, type ViewerCommand } from '../src/lib/viewer-commands';
import { centreOn, imageToScreen } from '../src/lib/view-transform';
import type { OpenedFrame } from '../src/api/contract';

const SIP_CARDS = {
  CTYPE1: 'RA---TAN-SIP', CTYPE2: 'DEC--TAN-SIP', CRPIX1: 1024.5, CRPIX2: 768.5, CRVAL1: 210.80227, CRVAL2: 54.34895,
  CD1_1: -2.1e-4, CD1_2: 1.3e-5, CD2_1: 1.25e-5, CD2_2: 2.09e-4, A_ORDER: 2, B_ORDER: 2, A_2_0: 3.1e-6, B_0_2: -3.3e-6,
};

function open(cards: Record<string, string | number>, width = 2048, height = 1536): void {
  const viewer = useViewerStore();
  viewer.frameId = 7;
  viewer.opened = { id: 7, hdus: [], hdu: 0, width, height, bitpix: -32, wcs: null, wcsCards: cards } as OpenedFrame;
}

describe('sky tools', () => {
  let commands: ViewerCommand[] = [];
  let off: () => void = () => {};
  beforeEach(() => {
    setActivePinia(createPinia());
    localStorage.clear();
    commands = [];
    off();
    off = viewerCommands.on((c) => commands.push(c));
  });

  test('the viewer reads any WCS from the host’s WCS cards, SIP included', () => {
    open(SIP_CARDS);
    const viewer = useViewerStore();
    expect(viewer.wcs?.system).toBe('icrs');
    expect(viewer.wcs?.distortion).toBe('sip');
    expect(viewer.wcs?.projection).toBe('TAN');
    open({ ...SIP_CARDS, CTYPE1: 'RA---XYZ', CTYPE2: 'DEC--XYZ' });
    expect(viewer.wcs).toBeNull();
    expect(viewer.wcsError).toMatch(/XYZ/);
  });

  test('Go to centres the view on a sexagesimal RA Dec and marks it', () => {
    open(SIP_CARDS);
    const sky = useSkyStore();
    const viewer = useViewerStore();
    expect(sky.goto('14:03:12.6 +54:20:56')).toBe(true);
    const p = viewer.wcs!.worldToPixel((14 + 3 / 60 + 12.6 / 3600) * 15, 54 + 20 / 60 + 56 / 3600)!;
    expect(sky.marker).toEqual({ frameId: 7, x: p[0], y: p[1] });
    expect(commands).toEqual([{ centre: { x: p[0] + 0.5, y: p[1] + 0.5 } }]);
    expect(sky.gotoOk).toBe(true);
  });

  test('Go to says when the position is off the frame, and why a text is not a position', () => {
    open(SIP_CARDS);
    const sky = useSkyStore();
    expect(sky.goto('10:00:00 +02:00:00')).toBe(false);
    expect(sky.gotoMessage).toMatch(/off the frame/);
    expect(sky.goto('somewhere')).toBe(false);
    expect(sky.gotoMessage).toMatch(/not an angle|not "RA Dec"/);
    expect(commands).toEqual([]);
  });

  test('in a galactic frame Go to reads l b in degrees', () => {
    open({ CTYPE1: 'GLON-CAR', CTYPE2: 'GLAT-CAR', CRPIX1: 180.5, CRPIX2: 90.5, CRVAL1: 0, CRVAL2: 0, CDELT1: -1, CDELT2: 1 }, 360, 180);
    const sky = useSkyStore();
    expect(sky.goto('10:30:00 -05:00:00')).toBe(true);
    // l = 10.5° (not 10.5 h): 10.5 pixels left of the reference pixel.
    expect(sky.marker!.x).toBeCloseTo(179.5 - 10.5, 9);
    expect(sky.marker!.y).toBeCloseTo(89.5 - 5, 9);
  });

  test('the grid toggle is remembered', () => {
    const sky = useSkyStore();
    expect(sky.gridVisible).toBe(false);
    sky.toggleGrid();
    expect(sky.gridVisible).toBe(true);
    setActivePinia(createPinia());
    expect(useSkyStore().gridVisible).toBe(true);
  });

  test('centring puts the image position at the middle of the viewport, zoom unchanged', () => {
    const image = { width: 2048, height: 1536 };
    const viewport = { width: 900, height: 600 };
    const t = centreOn({ scale: 0.37, panX: 12, panY: -40 }, image, viewport, 300.5, 1200.25);
    expect(t.scale).toBe(0.37);
    const s = imageToScreen(t, image, 300.5, 1200.25);
    expect(s.sx).toBeCloseTo(450, 9);
    expect(s.sy).toBeCloseTo(300, 9);
  });
});
