/**
 * The HETDEX fplane text format: `#` comment header lines, then one seat a line with
 * eight whitespace-separated columns `IFUSLOT X_FP Y_FP SPECID SPECSLOT IFUID IFUROT
 * PLATESC`. A `#` line that holds those eight columns is a commented-out (inactive) seat.
 */
import { StoreError } from './errors.js';
import type { FplaneConfig, FplaneIfu, FplaneRow, FplaneTextOptions } from './fplane-types.js';

export const FPLANE_COLUMNS_LINE = '# IFUSLOT X_FP Y_FP SPECID SPECSLOT IFUID IFUROT PLATESC';

/** LRS2 seats: the two LRS2 units sit in VIRUS IFU slots. */
const LRS2_SLOTS = new Set(['056', '066']);

export function isLrs2(ifu: Pick<FplaneIfu, 'ifuslot'>): boolean {
  return LRS2_SLOTS.has(ifu.ifuslot);
}

/** IDs ≥ 900 mark non-VIRUS placeholders (HRS, HPF, the `000 … 900 900 900` line). */
export function isPlaceholder(ifu: Pick<FplaneIfu, 'specid' | 'specslot' | 'ifuid'>): boolean {
  return [ifu.specid, ifu.specslot, ifu.ifuid].some((id) => /^\d+$/.test(id) && Number(id) >= 900);
}

/** SPECID `000`/`00` or IFUID `000`/`00`: nothing plugged into the seat. */
export function isEmptySeat(ifu: Pick<FplaneIfu, 'specid' | 'ifuid'>): boolean {
  return [ifu.specid, ifu.ifuid].some((id) => /^0+$/.test(id));
}

/** An in-use VIRUS IFU: the only kind a short fplane lists and a full one leaves uncommented. */
export function isActiveVirus(ifu: FplaneIfu): boolean {
  return ifu.active && !isLrs2(ifu) && !isPlaceholder(ifu) && !isEmptySeat(ifu);
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

/** A finite number from a text column (Fortran `D` exponents too), or null. */
export function parseNumber(token: string): number | null {
  if (!NUMBER_RE.test(token)) return null;
  const v = Number(token.replace(/[dD]/, 'e'));
  return Number.isFinite(v) ? v : null;
}

/** Problems of one 8-column seat, or the seat itself. */
function parseSeat(tokens: string[], where: string, active: boolean): { ifu?: FplaneIfu; problems: string[] } {
  const problems: string[] = [];
  if (tokens.length !== 8) return { problems: [`${where}: expected 8 columns, found ${tokens.length}`] };
  const [slot, xs, ys, specid, specslot, ifuid, rots, scs] = tokens as [string, string, string, string, string, string, string, string];
  if (!/^\d{3}$/.test(slot)) problems.push(`${where}: unknown slot format '${slot}' (IFUSLOT is three digits)`);
  const nums: Record<string, number | null> = { X_FP: parseNumber(xs), Y_FP: parseNumber(ys), IFUROT: parseNumber(rots), PLATESC: parseNumber(scs) };
  const raw: Record<string, string> = { X_FP: xs, Y_FP: ys, IFUROT: rots, PLATESC: scs };
  for (const [name, v] of Object.entries(nums)) if (v === null) problems.push(`${where}: ${name} is not a number ('${raw[name]}')`);
  for (const [name, id] of [['SPECID', specid], ['SPECSLOT', specslot], ['IFUID', ifuid]] as const) {
    if (!/^\d{1,4}$/.test(id)) problems.push(`${where}: ${name} '${id}' is not a numeric id`);
  }
  if (problems.length) return { problems };
  return {
    problems,
    ifu: { ifuslot: slot, x: nums.X_FP!, y: nums.Y_FP!, specid, specslot, ifuid, ifurot: nums.IFUROT!, platesc: nums.PLATESC!, active, actual: null },
  };
}

/** True when a `#` line's remainder reads as a seat (a commented-out entry, not prose). */
function looksLikeSeat(tokens: string[]): boolean {
  return tokens.length === 8 && /^\d{3}$/.test(tokens[0]!) && parseNumber(tokens[1]!) !== null && parseNumber(tokens[2]!) !== null;
}

/**
 * Parses fplane text. Every problem is collected and reported at once
 * (StoreError INVALID_FPLANE with `problems`); an active slot listed twice is one.
 */
export function parseFplaneText(text: string): FplaneConfig {
  const header: string[] = [];
  const ifus: FplaneIfu[] = [];
  const problems: string[] = [];
  const activeSlotLine = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((rawLine, i) => {
    const line = rawLine.trimEnd();
    const where = `line ${i + 1}`;
    if (line.trim() === '') return;
    if (line.trimStart().startsWith('#')) {
      const tokens = line.trimStart().replace(/^#+/, '').trim().split(/\s+/);
      if (looksLikeSeat(tokens)) {
        const { ifu, problems: p } = parseSeat(tokens, where, false);
        if (ifu) ifus.push(ifu);
        problems.push(...p);
      } else {
        header.push(line);
      }
      return;
    }
    const { ifu, problems: p } = parseSeat(line.trim().split(/\s+/), where, true);
    problems.push(...p);
    if (!ifu) return;
    const seen = activeSlotLine.get(ifu.ifuslot);
    if (seen !== undefined) problems.push(`${where}: duplicate slot ${ifu.ifuslot} (also on line ${seen})`);
    else activeSlotLine.set(ifu.ifuslot, i + 1);
    ifus.push(ifu);
  });
  if (ifus.length === 0 && problems.length === 0) problems.push('no IFU lines found');
  if (problems.length) throw new StoreError('INVALID_FPLANE', `invalid fplane: ${problems.length} problem(s): ${problems.join('; ')}`, problems);
  return { header, ifus };
}

/**
 * Fixed-point text as C's printf writes it (exact binary value, ties to even), so our
 * files match those written by the Fortran/Python tools; JS toFixed rounds ties away.
 */
export function formatFixed(x: number, digits = 3): string {
  // toFixed with many digits is the exact binary value; a tie ends in 5 then zeros only.
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const tie = new RegExp(`^(\\d+)\\.(\\d{${digits}})50*$`).exec(exact);
  if (!tie) return x.toFixed(digits);
  let n = BigInt(tie[1]! + tie[2]!);
  if (n % 2n === 1n) n += 1n;
  const s = n.toString().padStart(digits + 1, '0');
  return `${x < 0 ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Rotation / plate scale: as written, with at least one decimal ('0.0', '1.0', '1.015'). */
function formatFactor(v: number): string {
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/** The lines a configuration is written as (seats only, no header), with their commented flags. */
export function fplaneRows(config: FplaneConfig, opts: FplaneTextOptions = {}): FplaneRow[] {
  const full = opts.full ?? true;
  const rows: FplaneRow[] = [];
  for (const ifu of config.ifus) {
    const activeVirus = isActiveVirus(ifu);
    if (!full && !activeVirus) continue;
    const pos = opts.actualPos && ifu.actual ? ifu.actual : { x: ifu.x, y: ifu.y };
    rows.push({
      ifuslot: ifu.ifuslot,
      x: pos.x,
      y: pos.y,
      specid: ifu.specid,
      specslot: ifu.specslot,
      ifuid: ifu.ifuid,
      ifurot: ifu.ifurot,
      platesc: ifu.platesc,
      commented: !activeVirus,
    });
  }
  return rows;
}

export function formatFplaneRow(row: FplaneRow): string {
  const cols = [row.ifuslot, formatFixed(row.x), formatFixed(row.y), row.specid, row.specslot, row.ifuid, formatFactor(row.ifurot), formatFactor(row.platesc)];
  return (row.commented ? '#' : '') + cols.join('\t');
}

/**
 * Writes a configuration: full = header comment lines, then every seat with inactive
 * and special ones commented out; short = only the active VIRUS IFUs, no comment lines.
 */
export function formatFplane(config: FplaneConfig, opts: FplaneTextOptions = {}): string {
  const full = opts.full ?? true;
  const lines = full ? [...config.header] : [];
  for (const row of fplaneRows(config, opts)) lines.push(formatFplaneRow(row));
  return lines.join('\n') + '\n';
}
