/**
 * Argument parsing shared by the analysis commands (stats, histogram, profile):
 * one place for --hdu, --region and point syntax, so every command refuses bad
 * input with the same UsageError wording.
 */
import { type ParseArgsConfig } from 'node:util';
import { UsageError, parseCommandArgs } from '../command.js';
import type { PixelRegion } from '../../../native-workers/analysis/types.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with one FILE positional; unknown options and missing FILE are usage errors. */
export function parseFileArgs<O extends Options>(argv: string[], options: O, name: string) {
  const parsed = parseCommandArgs({ args: argv, allowPositionals: true, strict: true, options });
  if (parsed.positionals.length !== 1) throw new UsageError(`${name} needs exactly one FILE`);
  return { file: parsed.positionals[0]!, values: parsed.values };
}

/** --hdu N: a 0-based index; undefined keeps loadImage's default (first image HDU with data). */
export function parseHdu(text: unknown): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) throw new UsageError(`--hdu must be a 0-based HDU index, got '${String(text)}'`);
  return Number(text);
}

/** --plane K: a 0-based plane of a cube (axes above the second, NAXIS3 fastest); default 0. */
export function parsePlane(text: unknown): number {
  if (text === undefined) return 0;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) throw new UsageError(`--plane must be a 0-based plane index, got '${String(text)}'`);
  return Number(text);
}

/** The usage line every pixel command shares. */
export const PLANE_USAGE = '  --plane K      0-based plane of a cube (NAXIS3 fastest, then NAXIS4...; default 0)';

function numbers(text: string, count: number, what: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.length !== count || parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v))) {
    throw new UsageError(`${what} must be ${count} comma-separated numbers, got '${text}'`);
  }
  return values;
}

/** --region x0,y0,x1,y1: 0-based pixel indices, x = column, end exclusive. */
export function parseRegion(text: unknown): PixelRegion | undefined {
  if (text === undefined) return undefined;
  const [x0Px, y0Px, x1Px, y1Px] = numbers(String(text), 4, '--region');
  if (![x0Px, y0Px, x1Px, y1Px].every((v) => Number.isInteger(v))) {
    throw new UsageError(`--region corners must be integer pixel indices, got '${String(text)}'`);
  }
  return { x0Px: x0Px!, y0Px: y0Px!, x1Px: x1Px!, y1Px: y1Px! };
}

/** --from/--to x,y: pixel coordinates, possibly fractional. */
export function parsePoint(text: unknown, option: string): { x: number; y: number } {
  if (text === undefined) throw new UsageError(`${option} x,y is required`);
  const [x, y] = numbers(String(text), 2, option);
  return { x: x!, y: y! };
}

/** A number in JSON, NaN/Infinity as null (JSON has no such numbers). */
export function jsonNumber(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
