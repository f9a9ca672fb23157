import { describe, expect, test } from 'vitest';
import { computeVirtualWindow, scrollToReveal } from '../src/lib/virtual-window';

describe('virtual list window', () => {
  test('renders only the rows in view plus overscan for 10,000 rows', () => {
    const w = computeVirtualWindow(10_000, 26, 26 * 5000, 520, 6);
    // 520 px shows 20 rows (+1 partial) starting at row 5000.
    expect(w.start).toBe(5000 - 6);
    expect(w.end).toBe(5000 + 21 + 6);
    expect(w.offsetPx).toBe((5000 - 6) * 26);
    expect(w.totalPx).toBe(260_000);
    expect(w.end - w.start).toBeLessThan(40);
  });

  test('clamps at the top and bottom of the list', () => {
    expect(computeVirtualWindow(100, 20, -50, 200, 3)).toMatchObject({ start: 0, end: 14, offsetPx: 0 });
    const bottom = computeVirtualWindow(100, 20, 99_999, 200, 3);
    expect(bottom.end).toBe(100);
    expect(bottom.start).toBe(90 - 3);
  });

  test('an empty list renders nothing', () => {
    expect(computeVirtualWindow(0, 20, 0, 300)).toEqual({ start: 0, end: 0, offsetPx: 0, totalPx: 0 });
  });

  test('scrolling to reveal a row moves only as far as needed', () => {
    expect(scrollToReveal(10, 20, 0, 100)).toBe(10 * 20 + 20 - 100); // below: align bottom
    expect(scrollToReveal(2, 20, 100, 100)).toBe(40); // above: align top
    expect(scrollToReveal(6, 20, 100, 100)).toBe(100); // visible: unchanged
  });
});
