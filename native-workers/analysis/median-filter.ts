/**
 * 3×3 median filter on a float image (row 0 first), NaN-aware: each output is the
 * median of the valid values among the pixel and its neighbours inside the image
 * (NaN when there are none). Used to calm hot pixels and noise in thumbnails.
 */
export function medianFilter3x3(values: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(values.length);
  const window = new Float64Array(9);
  for (let y = 0; y < height; y++) {
    const yLo = y > 0 ? y - 1 : 0;
    const yHi = y < height - 1 ? y + 1 : y;
    for (let x = 0; x < width; x++) {
      const xLo = x > 0 ? x - 1 : 0;
      const xHi = x < width - 1 ? x + 1 : x;
      let n = 0;
      for (let yy = yLo; yy <= yHi; yy++) {
        const row = yy * width;
        for (let xx = xLo; xx <= xHi; xx++) {
          const v = values[row + xx]!;
          if (v !== v) continue;
          // insertion sort as we go: at most 9 values
          let j = n++;
          while (j > 0 && window[j - 1]! > v) {
            window[j] = window[j - 1]!;
            j--;
          }
          window[j] = v;
        }
      }
      out[y * width + x] = n === 0 ? NaN : n % 2 ? window[n >> 1]! : (window[(n >> 1) - 1]! + window[n >> 1]!) / 2;
    }
  }
  return out;
}
