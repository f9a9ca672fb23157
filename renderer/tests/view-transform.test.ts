import { describe, expect, test } from 'vitest';
import { fitTransform, imageToScreen, pixelAt, screenToImage, zoomAbout } from '../src/lib/view-transform';

const image = { width: 400, height: 200 };

describe('viewer coordinates', () => {
  test('fit centres the whole image in the viewport', () => {
    const t = fitTransform(image, { width: 800, height: 800 });
    expect(t.scale).toBe(2);
    expect(t.panX).toBe(0);
    expect(t.panY).toBe(200);
  });

  test('row 0 is drawn at the bottom (DS9 orientation)', () => {
    const t = { scale: 1, panX: 0, panY: 0 };
    // Bottom-left screen corner is image (0, 0); top-left is (0, height).
    expect(screenToImage(t, image, 0, 200)).toEqual({ x: 0, y: 0 });
    expect(screenToImage(t, image, 0, 0)).toEqual({ x: 0, y: 200 });
    expect(pixelAt(image, 0.5, 199.5)).toEqual({ col: 0, row: 199 });
    expect(pixelAt(image, -0.1, 3)).toBeNull();
  });

  test('screen and image coordinates are inverse', () => {
    const t = { scale: 3.7, panX: -120, panY: 45 };
    const p = screenToImage(t, image, 311, 97);
    const s = imageToScreen(t, image, p.x, p.y);
    expect(s.sx).toBeCloseTo(311, 9);
    expect(s.sy).toBeCloseTo(97, 9);
  });

  test('wheel zoom keeps the image point under the cursor fixed', () => {
    const t = { scale: 1.3, panX: 17, panY: -40 };
    const before = screenToImage(t, image, 250, 130);
    const z = zoomAbout(t, 2.5, 250, 130);
    expect(z.scale).toBeCloseTo(3.25, 12);
    const after = screenToImage(z, image, 250, 130);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });
});
