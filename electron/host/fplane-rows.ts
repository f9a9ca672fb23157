/**
 * Parses fplane text (as the store writes it) into table rows for the console: eight
 * whitespace-separated columns `IFUSLOT X_FP Y_FP SPECID SPECSLOT IFUID IFUROT PLATESC`;
 * a `#` line with eight such columns is a commented-out seat, other `#` lines are comments.
 */
import type { FplaneRow } from './api.js';

export function parseFplaneRows(text: string): FplaneRow[] {
  const rows: FplaneRow[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (!line) continue;
    const commented = line.startsWith('#');
    if (commented) line = line.replace(/^#+/, '').trim();
    const f = line.split(/\s+/);
    if (f.length !== 8) continue;
    const [ifuslot, x, y, specid, specslot, ifuid, ifurot, platesc] = f as [string, string, string, string, string, string, string, string];
    const nums = [x, y, ifurot, platesc].map(Number);
    if (!/^\d+$/.test(ifuslot) || nums.some((n) => !Number.isFinite(n))) continue;
    rows.push({ ifuslot, x: nums[0]!, y: nums[1]!, specid, specslot, ifuid, ifurot: nums[2]!, platesc: nums[3]!, commented });
  }
  return rows;
}
