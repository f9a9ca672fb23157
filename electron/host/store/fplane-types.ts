/** One seat of the HETDEX focal plane (a line of an fplane file). */
export interface FplaneIfu {
  /** IHMP seat, three digits ('056'). */
  ifuslot: string;
  /** Nominal position on the focal plane, arcsec. */
  x: number;
  y: number;
  specid: string;
  specslot: string;
  ifuid: string;
  ifurot: number;
  platesc: number;
  /** False for a seat commented out (not in use). */
  active: boolean;
  /** Measured position, where one was recorded. */
  actual: { x: number; y: number } | null;
}

/** A configuration: its comment header lines (with their '#') and its seats in file order. */
export interface FplaneConfig {
  header: string[];
  ifus: FplaneIfu[];
}

/** What `getFplane` returns per written line: the host contract's row, declared once in api.ts. */
export type { FplaneRow } from '../api.js';

export interface FplaneTextOptions {
  /** Every seat, inactive and special ones commented out (default); false = active VIRUS IFUs only. */
  full?: boolean;
  /** Measured positions where recorded, nominal otherwise. */
  actualPos?: boolean;
}

export interface FplaneHistoryEntry {
  id: number;
  /** ISO-8601 UTC instant from which this configuration holds. */
  validFrom: string;
  /** When the next configuration takes over, or null for the current one. */
  validUntil: string | null;
  createdAt: string;
  origin: 'import' | 'update';
  seats: number;
  activeVirus: number;
}

export interface FplaneUpdateBody {
  config: unknown;
  commit: boolean;
  datestr?: string;
}
