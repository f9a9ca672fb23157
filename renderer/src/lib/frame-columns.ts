/** The frame list's columns: how each is read, sorted and shown. */
import type { FrameSummary } from '../api/contract';

export const COLUMN_KEYS = ['time', 'name', 'object', 'filter', 'exptime', 'size', 'median', 'sky', 'noise', 'fwhm', 'stars', 'status', 'verdict'] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export interface ColumnDef {
  key: ColumnKey;
  label: string;
  /** CSS grid width. */
  width: string;
  numeric: boolean;
}

export const COLUMNS: readonly ColumnDef[] = [
  { key: 'time', label: 'UTC', width: '64px', numeric: false },
  { key: 'name', label: 'Name', width: 'minmax(240px, 2fr)', numeric: false },
  { key: 'object', label: 'Object', width: 'minmax(70px, 1fr)', numeric: false },
  { key: 'filter', label: 'Filter', width: '48px', numeric: false },
  { key: 'exptime', label: 'Exp s', width: '48px', numeric: true },
  { key: 'size', label: 'Size', width: '60px', numeric: true },
  { key: 'median', label: 'Median', width: '64px', numeric: true },
  { key: 'sky', label: 'Sky', width: '60px', numeric: true },
  { key: 'noise', label: 'Noise', width: '54px', numeric: true },
  { key: 'fwhm', label: 'FWHM', width: '48px', numeric: true },
  { key: 'stars', label: 'Stars', width: '44px', numeric: true },
  { key: 'status', label: 'Status', width: '76px', numeric: false },
  // The grading verdict lives in the grading store, not in the frame row: FrameList draws it with VerdictCell.
  { key: 'verdict', label: 'Grade', width: '92px', numeric: false },
];

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The sortable value of a column for a frame (null sorts last). */
export function columnValue(f: FrameSummary, key: ColumnKey): string | number | null {
  switch (key) {
    case 'time':
      return f.dateObs ?? f.addedAt ?? null;
    case 'name':
      return f.name;
    case 'object':
      return f.object;
    case 'filter':
      return f.filter;
    case 'exptime':
      return finite(f.exptime);
    case 'size':
      return finite(f.size);
    case 'median':
      return finite(f.stats?.median);
    case 'sky':
      return finite(f.stats?.sky);
    case 'noise':
      return finite(f.stats?.noise);
    case 'fwhm':
      return finite(f.quality?.fwhmMedianPx);
    case 'stars':
      return finite(f.quality?.starCount);
    case 'status':
      return f.status;
    case 'verdict':
      return null;
  }
}

export function compareFrames(a: FrameSummary, b: FrameSummary, key: ColumnKey, dir: 1 | -1): number {
  const va = columnValue(a, key);
  const vb = columnValue(b, key);
  if (va === null && vb === null) return a.id - b.id;
  if (va === null) return 1;
  if (vb === null) return -1;
  const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
  return c !== 0 ? c * dir : (a.id - b.id) * dir;
}

/** Case-insensitive match of every whitespace-separated term against name, object, filter and status. */
export function matchesSearch(f: FrameSummary, search: string): boolean {
  const terms = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const hay = `${f.name} ${f.object ?? ''} ${f.filter ?? ''} ${f.status}`.toLowerCase();
  return terms.every((t) => hay.includes(t));
}

export function formatColumn(f: FrameSummary, key: ColumnKey): string {
  const v = columnValue(f, key);
  if (v === null) return key === 'time' || key === 'object' || key === 'filter' ? '' : '–';
  switch (key) {
    case 'time': {
      const d = new Date(String(v));
      return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().slice(11, 19);
    }
    case 'size':
      return formatBytes(v as number);
    case 'exptime':
      return (v as number).toFixed((v as number) < 10 ? 1 : 0);
    case 'median':
    case 'sky':
      return formatNumber(v as number, 1);
    case 'noise':
    case 'fwhm':
      return formatNumber(v as number, 2);
    case 'stars':
      return String(Math.round(v as number));
    default:
      return String(v);
  }
}

export function formatNumber(v: number, digits: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  return v.toFixed(digits);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
