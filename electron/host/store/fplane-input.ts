/**
 * Validation of an fplane update body (JSON from the CLI or HTTP). Every problem is
 * collected so the operator can fix them all at once; nothing is stored on any problem.
 */
import { StoreError } from './errors.js';
import { parseNumber } from './fplane-text.js';
import type { FplaneIfu } from './fplane-types.js';

export interface ValidUpdate {
  ifus: FplaneIfu[];
  commit: boolean;
  datestr: string | undefined;
}

const MAX_IFUS = 10_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  const text = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function numberField(v: unknown, where: string, problems: string[]): number {
  const n = typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'string' ? parseNumber(v.trim()) : null;
  if (n === null) problems.push(`${where}: not a number (${describe(v)})`);
  return n ?? 0;
}

/** An id column: digits as written, or a non-negative integer padded to three digits. */
function idField(v: unknown, where: string, problems: string[]): string {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9999) return String(v).padStart(3, '0');
  if (typeof v === 'string' && /^\d{1,4}$/.test(v.trim())) return v.trim();
  problems.push(`${where}: not a numeric id (${describe(v)})`);
  return '';
}

function slotField(v: unknown, where: string, problems: string[]): string {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 999) return String(v).padStart(3, '0');
  if (typeof v === 'string' && /^\d{3}$/.test(v.trim())) return v.trim();
  problems.push(`${where}: unknown slot format ${describe(v)} (IFUSLOT is three digits, e.g. '056')`);
  return '';
}

export function validateUpdateBody(body: unknown): ValidUpdate {
  const problems: string[] = [];
  if (!isRecord(body)) throw new StoreError('INVALID_FPLANE', 'the update body must be a JSON object', ['body: not an object']);
  if (typeof body.commit !== 'boolean') problems.push(`commit: must be true or false (${describe(body.commit)})`);
  if (body.datestr !== undefined && body.datestr !== null && typeof body.datestr !== 'string') {
    problems.push(`datestr: must be a string (${describe(body.datestr)})`);
  }
  const config = body.config;
  const list = isRecord(config) ? config.ifus : undefined;
  const ifus: FplaneIfu[] = [];
  if (!Array.isArray(list)) problems.push('config.ifus: must be an array of IFU entries');
  else if (list.length === 0) problems.push('config.ifus: is empty');
  else if (list.length > MAX_IFUS) problems.push(`config.ifus: ${list.length} entries (at most ${MAX_IFUS})`);
  else {
    const slotAt = new Map<string, number>();
    list.forEach((entry: unknown, i) => {
      const at = `config.ifus[${i}]`;
      if (!isRecord(entry)) return void problems.push(`${at}: not an object`);
      const ifuslot = slotField(entry.ifuslot, `${at}.ifuslot`, problems);
      if (ifuslot) {
        const first = slotAt.get(ifuslot);
        if (first !== undefined) problems.push(`${at}.ifuslot: duplicate slot ${ifuslot} (also config.ifus[${first}])`);
        else slotAt.set(ifuslot, i);
      }
      let actual: FplaneIfu['actual'] = null;
      if (entry.actual !== undefined && entry.actual !== null) {
        if (!isRecord(entry.actual)) problems.push(`${at}.actual: must be {x, y}`);
        else actual = { x: numberField(entry.actual.x, `${at}.actual.x`, problems), y: numberField(entry.actual.y, `${at}.actual.y`, problems) };
      }
      if (entry.active !== undefined && typeof entry.active !== 'boolean') problems.push(`${at}.active: must be true or false`);
      ifus.push({
        ifuslot,
        x: numberField(entry.x, `${at}.x`, problems),
        y: numberField(entry.y, `${at}.y`, problems),
        specid: idField(entry.specid, `${at}.specid`, problems),
        specslot: idField(entry.specslot, `${at}.specslot`, problems),
        ifuid: idField(entry.ifuid, `${at}.ifuid`, problems),
        ifurot: numberField(entry.ifurot, `${at}.ifurot`, problems),
        platesc: numberField(entry.platesc, `${at}.platesc`, problems),
        active: entry.active === undefined ? true : entry.active === true,
        actual,
      });
    });
  }
  if (problems.length) {
    throw new StoreError('INVALID_FPLANE', `invalid fplane update: ${problems.length} problem(s): ${problems.join('; ')}`, problems);
  }
  return { ifus, commit: body.commit as boolean, datestr: (body.datestr as string | undefined) ?? undefined };
}
