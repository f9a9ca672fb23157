/**
 * Small FITS files for the sources tests, written card by card from the FITS standard
 * (80-character cards, 2880-byte blocks, big-endian data). Only what the tests need.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export type CardInput = string | number | boolean;

function card(key: string, value: CardInput | null, comment = ''): string {
  let text: string;
  if (value === null) text = key.padEnd(80);
  else {
    let v: string;
    if (typeof value === 'string') v = `'${value.replace(/'/g, "''").padEnd(8)}'`.padEnd(20);
    else if (typeof value === 'boolean') v = (value ? 'T' : 'F').padStart(20);
    else v = (Number.isInteger(value) ? String(value) : value.toExponential(10).toUpperCase()).padStart(20);
    text = `${key.padEnd(8)}= ${v}${comment ? ` / ${comment}` : ''}`;
  }
  if (text.length > 80) throw new Error(`card too long: ${text}`);
  return text.padEnd(80);
}

function headerBytes(cards: string[]): Uint8Array {
  const all = [...cards, 'END'.padEnd(80)];
  const blocks = Math.ceil((all.length * 80) / 2880);
  const text = all.join('').padEnd(blocks * 2880, ' ');
  return new TextEncoder().encode(text);
}

export interface ImageSpec {
  width: number;
  height: number;
  /** 16 or -32 (default 16). */
  bitpix?: 16 | -32;
  /** Extra header cards (after the structural ones). */
  cards?: Record<string, CardInput>;
  /** Pixel value at (x, y); default a smooth ramp plus a pseudo-random component. */
  pixel?: (x: number, y: number) => number;
  /** Extra comment cards to make the header longer (several blocks). */
  padCards?: number;
}

function dataBytes(spec: ImageSpec): Uint8Array {
  const bitpix = spec.bitpix ?? 16;
  const n = spec.width * spec.height;
  const bytesPer = Math.abs(bitpix) / 8;
  const size = Math.ceil((n * bytesPer) / 2880) * 2880;
  const buf = new Uint8Array(size);
  const view = new DataView(buf.buffer);
  let seed = 12345;
  const pixel =
    spec.pixel ??
    ((x: number, y: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return 1000 + ((x + y) % 50) + (seed % 20000);
    });
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      const i = y * spec.width + x;
      const v = pixel(x, y);
      if (bitpix === 16) view.setInt16(i * 2, Math.max(-32768, Math.min(32767, Math.round(v))));
      else view.setFloat32(i * 4, v);
    }
  }
  return buf;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A single-HDU image file; returns the bytes and the header's size in bytes. */
export function makeFitsImage(spec: ImageSpec): { bytes: Uint8Array; headerSize: number } {
  const cards = [
    card('SIMPLE', true),
    card('BITPIX', spec.bitpix ?? 16),
    card('NAXIS', 2),
    card('NAXIS1', spec.width),
    card('NAXIS2', spec.height),
    ...Object.entries(spec.cards ?? {}).map(([k, v]) => card(k, v)),
    ...Array.from({ length: spec.padCards ?? 0 }, (_, i) => `COMMENT padding card ${i}`.padEnd(80)),
  ];
  const header = headerBytes(cards);
  return { bytes: concat([header, dataBytes(spec)]), headerSize: header.length };
}

/** Typical frame headers for a Photon Ranch-like frame. */
export function frameCards(i: number, extra: Record<string, CardInput> = {}): Record<string, CardInput> {
  const minute = String(i % 60).padStart(2, '0');
  return {
    'DATE-OBS': `2020-11-12T03:${minute}:05.250`,
    EXPTIME: 30 + i,
    FILTER: i % 2 ? 'V' : 'R',
    OBJECT: `M${31 + (i % 3)}`,
    ...extra,
  };
}

/** Compresses a file with a command-line tool (gzip, bzip2, fpack) and returns the new bytes. */
export function compressWithTool(path: string, tool: 'gzip' | 'bzip2' | 'fpack', args: string[] = []): Uint8Array {
  const out = tool === 'fpack' ? `${path}.fz` : tool === 'gzip' ? `${path}.gz` : `${path}.bz2`;
  const r = spawnSync(tool, tool === 'fpack' ? [...args, path] : [...args, '-k', '-f', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
  return new Uint8Array(readFileSync(out));
}

export function writeBytes(path: string, bytes: Uint8Array): void {
  writeFileSync(path, bytes);
}
