import { describe, expect, test, vi } from 'vitest';
import { HttpTransport, type SocketLike } from '../src/api/transport';
import { previewPixels } from '../src/lib/preview-pixels';
import { previewLimits } from '../src/lib/preview-limits';

const socket = (): SocketLike => ({ onopen: null, onclose: null, onerror: null, onmessage: null, close: () => undefined });

function transport(fetchFn: typeof fetch): HttpTransport {
  return new HttpTransport({ baseUrl: 'http://127.0.0.1:9', fetchFn, openSocket: socket, setTimer: () => 0, clearTimer: () => undefined });
}

describe('binary results over HTTP', () => {
  test('an octet-stream answer becomes the result: header fields plus the bytes in the named field', async () => {
    const pixels = new Float32Array([1.5, Number.NaN, -2, 65000]);
    const fields = { width: 2, height: 2, binFactor: 1, region: { x0Px: 0, y0Px: 0, x1Px: 2, y1Px: 2 }, dtype: 'float32', plane: 0 };
    const fetchFn = vi.fn(async () =>
      new Response(pixels.buffer.slice(0), {
        status: 200,
        headers: { 'content-type': 'application/octet-stream', 'x-nightdeck-result': JSON.stringify(fields), 'x-nightdeck-binary-field': 'data' },
      }),
    );
    const result = (await transport(fetchFn as unknown as typeof fetch).invoke('getPreview', { id: 1, encoding: 'binary' })) as Record<string, unknown>;
    expect(result.data).toBeInstanceOf(ArrayBuffer);
    const { data, ...rest } = result;
    expect(rest).toEqual(fields);
    expect(Array.from(previewPixels(data as ArrayBuffer))).toEqual(Array.from(pixels));
  });

  test('an octet-stream answer without its fields header is a typed BAD_RESPONSE', async () => {
    const fetchFn = vi.fn(async () => new Response(new ArrayBuffer(8), { status: 200, headers: { 'content-type': 'application/octet-stream' } }));
    await expect(transport(fetchFn as unknown as typeof fetch).invoke('getPreview', {})).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  test('a JSON error answer to a binary request stays a typed error', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: 'no frame 9' } }), { status: 404, headers: { 'content-type': 'application/json' } }));
    await expect(transport(fetchFn as unknown as typeof fetch).invoke('getPreview', { encoding: 'binary' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('preview pixels and provisional limits', () => {
  test('base64 and binary encodings of the same bytes give the same pixels', () => {
    const pixels = new Float32Array([0, 1e-30, Number.NaN, -7.25, 3.4e38]);
    const bytes = new Uint8Array(pixels.buffer);
    const base64 = btoa(String.fromCharCode(...bytes));
    expect(new Uint8Array(previewPixels(base64).buffer)).toEqual(new Uint8Array(previewPixels(pixels.buffer.slice(0)).buffer));
  });

  test('a byte length that is not whole floats is refused', () => {
    expect(() => previewPixels(new ArrayBuffer(6))).toThrow(RangeError);
  });

  test('limits from the preview: min/max and percentile by the shared kernels, none for an all-NaN preview', () => {
    const pixels = Float32Array.from({ length: 100 }, (_, i) => i);
    pixels[5] = Number.NaN;
    expect(previewLimits({ pixels, width: 10, height: 10 }, 'minmax', 99.5)).toEqual({ min: 0, max: 99 });
    const p = previewLimits({ pixels, width: 10, height: 10 }, 'percentile', 90)!;
    expect(p.min).toBeGreaterThan(0);
    expect(p.max).toBeLessThan(99);
    const z = previewLimits({ pixels, width: 10, height: 10 }, 'zscale', 99.5)!;
    expect(z.max).toBeGreaterThan(z.min);
    expect(previewLimits({ pixels: new Float32Array(4).fill(Number.NaN), width: 2, height: 2 }, 'zscale', 99.5)).toBeNull();
  });
});
