/**
 * Performance marks the UI benchmark reads (first pixels, repaint, draw). The timeline is
 * trimmed now and then so a night of panning does not grow it without bound.
 */
let count = 0;

function trim(): void {
  if (++count < 2000) return;
  count = 0;
  performance.clearMarks('nightdeck:repaint');
  performance.clearMarks('nightdeck:first-pixels');
  performance.clearMarks('nightdeck:full-pixels');
  performance.clearMeasures('nightdeck:draw');
}

/** first-pixels: the frame's first picture (maybe the quick look); full-pixels: at display resolution. */
export function markPerf(name: 'nightdeck:repaint' | 'nightdeck:first-pixels' | 'nightdeck:full-pixels'): void {
  trim();
  performance.mark(name);
}

export function measureDraw(startedMs: number): void {
  trim();
  performance.measure('nightdeck:draw', { start: startedMs });
}
