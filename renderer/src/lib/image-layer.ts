/**
 * One preview layer ready to draw: its Float32 pixels painted through the LUT into a canvas of
 * the layer's own size; the viewer then scales it with drawImage (zoom/pan cost no repaint).
 */
import { paintPixels } from './lut';
import type { Region } from '../api/contract';

export interface LayerSource {
  pixels: Float32Array;
  width: number;
  height: number;
  binFactor: number;
  region: Region;
}

export class PaintedLayer {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly image: ImageData;
  private readonly packed: Uint32Array;

  constructor(readonly source: LayerSource) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = source.width;
    this.canvas.height = source.height;
    this.ctx = this.canvas.getContext('2d')!;
    this.image = this.ctx.createImageData(source.width, source.height);
    this.packed = new Uint32Array(this.image.data.buffer);
  }

  /** Re-maps every pixel through the LUT (one multiply and one lookup each). */
  paint(lut: Uint32Array, low: number, high: number): void {
    const s = this.source;
    paintPixels(s.pixels, s.width, s.height, low, high, lut, this.packed);
    this.ctx.putImageData(this.image, 0, 0);
  }

  /** The preview value at a 0-based image pixel, or undefined outside this layer. */
  valueAt(col: number, row: number): number | undefined {
    const s = this.source;
    const { x0Px, y0Px, x1Px, y1Px } = s.region;
    if (col < x0Px || col >= x1Px || row < y0Px || row >= y1Px) return undefined;
    const c = Math.floor((col - x0Px) / s.binFactor);
    const r = Math.floor((row - y0Px) / s.binFactor);
    if (c >= s.width || r >= s.height) return undefined;
    return s.pixels[r * s.width + c];
  }
}
