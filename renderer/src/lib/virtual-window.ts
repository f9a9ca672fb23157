/**
 * Which rows of a fixed-row-height list to render for a scroll position: only those in view
 * plus a small overscan, so 10,000 rows cost as much as 40.
 */
export interface VirtualWindow {
  /** First row index rendered. */
  start: number;
  /** One past the last row index rendered. */
  end: number;
  /** Pixel offset of the first rendered row from the list top. */
  offsetPx: number;
  /** Height of the whole list, for the scroll spacer. */
  totalPx: number;
}

export function computeVirtualWindow(
  rowCount: number,
  rowHeightPx: number,
  scrollTopPx: number,
  viewportPx: number,
  overscan = 6,
): VirtualWindow {
  const totalPx = rowCount * rowHeightPx;
  if (rowCount <= 0 || rowHeightPx <= 0) return { start: 0, end: 0, offsetPx: 0, totalPx: 0 };
  const maxScroll = Math.max(0, totalPx - viewportPx);
  const top = Math.min(Math.max(0, scrollTopPx), maxScroll);
  const firstVisible = Math.floor(top / rowHeightPx);
  const visibleCount = Math.ceil(Math.max(0, viewportPx) / rowHeightPx) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, firstVisible + visibleCount + overscan);
  return { start, end, offsetPx: start * rowHeightPx, totalPx };
}

/** Scroll position that brings row `index` into view (unchanged when it already is). */
export function scrollToReveal(index: number, rowHeightPx: number, scrollTopPx: number, viewportPx: number): number {
  const rowTop = index * rowHeightPx;
  const rowBottom = rowTop + rowHeightPx;
  if (rowTop < scrollTopPx) return rowTop;
  if (rowBottom > scrollTopPx + viewportPx) return rowBottom - viewportPx;
  return scrollTopPx;
}
