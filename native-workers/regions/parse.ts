/**
 * Reads a DS9 region file (version 4.1): the header comment, `global` lines, coordinate-system
 * lines, regions with their properties after `#`, `;` or newline separators, include/exclude
 * (a leading `-`). Values keep their units here (./types.ts `RegionRecord`); ./resolve.ts puts
 * them on a frame. Any malformed statement throws BAD_REGION_FILE naming its line, so a caller
 * gets the whole file or nothing. Pure: no Node, no DOM.
 */
import { looksSexagesimal, parseSexagesimal } from './sexagesimal.js';
import {
  RegionFileError,
  SUPPORTED_SHAPES,
  type Length,
  type Position,
  type RegionFile,
  type RegionRecord,
  type RegionSystem,
  type ShapeName,
} from './types.js';

const SYSTEMS: Record<string, RegionSystem> = {
  image: 'image',
  physical: 'physical',
  fk5: 'fk5',
  j2000: 'fk5',
  icrs: 'icrs',
  galactic: 'galactic',
  ecliptic: 'ecliptic',
  wcs: 'wcs',
};
/** Systems DS9 knows that NightDeck refuses (with the reason). */
const REFUSED_SYSTEMS: Record<string, string> = {
  fk4: 'FK4 (B1950) coordinates are not supported: NightDeck does not implement the B1950 precession and E-terms; convert the file to fk5 or icrs',
  b1950: 'B1950 (FK4) coordinates are not supported: convert the file to fk5 or icrs',
  linear: 'linear coordinates are not supported',
  amplifier: 'amplifier coordinates are not supported',
  detector: 'detector coordinates are not supported',
  tile: 'tile coordinates are not supported',
};
/** DS9 shapes NightDeck does not measure or draw: skipped with a warning naming them. */
const KNOWN_UNSUPPORTED = new Set(['vector', 'ruler', 'compass', 'projection', 'panda', 'epanda', 'bpanda', 'segment', 'composite']);
const POINT_SYMBOLS = new Set(['circle', 'box', 'diamond', 'cross', 'x', 'arrow', 'boxcircle']);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const bad = (line: number, message: string): never => {
  throw new RegionFileError('BAD_REGION_FILE', message, line);
};

/** Splits a line on `;` outside `{...}` and outside quoted property values. */
function splitStatements(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if ((ch === '"' || ch === "'") && depth === 0 && /=\s*$/.test(line.slice(0, i))) quote = ch;
    else if (ch === ';' && depth === 0) {
      out.push(line.slice(start, i));
      start = i + 1;
    }
  }
  out.push(line.slice(start));
  return out;
}

/** `key=value` properties (values in braces, quotes, or words up to the next key) and bare flags. */
export function parseProperties(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  let i = 0;
  const s = text;
  while (i < s.length) {
    while (i < s.length && /[\s,]/.test(s[i]!)) i++;
    const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (!key) {
      i++; // stray character (e.g. a second '#'): skip it, as DS9 does
      continue;
    }
    i += key[0].length;
    const name = key[0].toLowerCase();
    const eq = /^\s*=\s*/.exec(s.slice(i));
    if (!eq) {
      props[name] = '1'; // bare flag: `source`, `background`
      continue;
    }
    i += eq[0].length;
    let value: string;
    const open = s[i];
    const close = open === '{' ? '}' : open === '"' || open === "'" ? open : null;
    if (close) {
      const end = s.indexOf(close, i + 1);
      value = end < 0 ? s.slice(i + 1) : s.slice(i + 1, end);
      i = end < 0 ? s.length : end + 1;
    } else {
      // Words up to the next `key=` (`dashlist=8 3`, `point=circle 5`).
      const next = /\s+[A-Za-z_][A-Za-z0-9_]*\s*=/.exec(s.slice(i));
      const end = next ? i + next.index : s.length;
      value = s.slice(i, end).trim();
      i = end;
    }
    if (!(name in props)) props[name] = value;
  }
  return props;
}

/** Index of the `)` closing the `(` at `open`, skipping braces; -1 when missing. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ')' && depth === 0) return i;
  }
  return -1;
}

/** Shape arguments separated by commas and/or blanks; a `{...}` group is one argument. */
function splitArguments(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (depth === 0 && (ch === ',' || /\s/.test(ch))) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

const isPixelSystem = (s: RegionSystem): boolean => s === 'image' || s === 'physical';

function parseNumber(token: string, line: number, what: string): number {
  if (!NUMBER.test(token)) bad(line, `${what} '${token}' is not a number`);
  return Number(token);
}

/** One coordinate of a position: pixels (`i`/`p` suffix or a pixel system) or degrees. */
function parseCoordinate(token: string, system: RegionSystem, isLongitude: boolean, line: number): { unit: Position['unit']; value: number } {
  const t = token.trim();
  const suffix = t.slice(-1).toLowerCase();
  if (suffix === 'i' || suffix === 'p') {
    return { unit: suffix === 'i' ? 'image' : 'physical', value: parseNumber(t.slice(0, -1), line, 'coordinate') };
  }
  if (isPixelSystem(system)) return { unit: system as 'image' | 'physical', value: parseNumber(t, line, 'pixel coordinate') };
  if (suffix === 'd' && NUMBER.test(t.slice(0, -1))) return { unit: 'sky', value: Number(t.slice(0, -1)) };
  if (suffix === 'r' && NUMBER.test(t.slice(0, -1))) return { unit: 'sky', value: (Number(t.slice(0, -1)) * 180) / Math.PI };
  if (looksSexagesimal(t)) {
    // DS9: the longitude of an equatorial system is in hours, everything else in degrees.
    const hours = isLongitude && system !== 'galactic' && system !== 'ecliptic';
    const deg = parseSexagesimal(t, hours);
    if (deg === null) bad(line, `'${token}' is not a valid sexagesimal angle`);
    return { unit: 'sky', value: deg! };
  }
  return { unit: 'sky', value: parseNumber(t, line, 'coordinate') };
}

function parsePosition(x: string, y: string, system: RegionSystem, line: number): Position {
  const a = parseCoordinate(x, system, true, line);
  const b = parseCoordinate(y, system, false, line);
  if (a.unit !== b.unit) bad(line, `position ${x},${y} mixes ${a.unit} and ${b.unit} units`);
  if (a.unit === 'sky' && (b.value < -90 || b.value > 90)) bad(line, `latitude ${y} is outside ±90°`);
  return { unit: a.unit, a: a.value, b: b.value };
}

const LENGTH_UNITS: Record<string, number> = { '"': 1 / 3600, "'": 1 / 60, d: 1, r: 180 / Math.PI };

function parseLength(token: string, system: RegionSystem, line: number): Length {
  const t = token.trim();
  const suffix = t.slice(-1).toLowerCase();
  let length: Length;
  if (suffix === 'i' || suffix === 'p') length = { unit: suffix === 'i' ? 'image' : 'physical', value: parseNumber(t.slice(0, -1), line, 'size') };
  else if (suffix in LENGTH_UNITS) length = { unit: 'deg', value: parseNumber(t.slice(0, -1), line, 'size') * LENGTH_UNITS[suffix]! };
  else if (isPixelSystem(system)) length = { unit: system as 'image' | 'physical', value: parseNumber(t, line, 'size') };
  else length = { unit: 'deg', value: parseNumber(t, line, 'size') };
  if (length.value < 0) bad(line, `size ${token} is negative`);
  return length;
}

function parseAngle(token: string, line: number): number {
  const t = token.trim();
  const suffix = t.slice(-1).toLowerCase();
  if (suffix === 'd') return parseNumber(t.slice(0, -1), line, 'angle');
  if (suffix === 'r') return (parseNumber(t.slice(0, -1), line, 'angle') * 180) / Math.PI;
  return parseNumber(t, line, 'angle');
}

interface ShapeStatement {
  shape: ShapeName;
  include: boolean;
  args: string[];
  props: Record<string, string>;
  pointSymbol?: string;
}

/** The records a shape statement makes (an annulus with n radii makes n − 1 rings). */
function buildRecords(st: ShapeStatement, system: RegionSystem, global: Record<string, string>, line: number, warnings: string[]): RegionRecord[] {
  const { shape, args } = st;
  const props: Record<string, string> = { ...global, ...st.props };
  let text = props.text;
  delete props.text;
  if (st.pointSymbol) props.point = st.pointSymbol;
  const count = (ok: boolean, expected: string): void => {
    if (!ok) bad(line, `${shape} takes ${expected}, got ${args.length} value${args.length === 1 ? '' : 's'}`);
  };
  const base = (positions: Position[], lengths: Length[], angleDeg = 0): RegionRecord => {
    const r: RegionRecord = { shape, system, include: st.include, positions, lengths, angleDeg, props: { ...props }, line };
    if (text !== undefined) r.text = text;
    return r;
  };
  const pos = (i: number): Position => parsePosition(args[i]!, args[i + 1]!, system, line);
  const len = (i: number): Length => parseLength(args[i]!, system, line);
  switch (shape) {
    case 'circle':
      count(args.length === 3, 'x, y, radius');
      return [base([pos(0)], [len(2)])];
    case 'ellipse':
    case 'box':
      if (args.length > 5) {
        warnings.push(`line ${line}: ${shape} annulus (${shape} with several sizes) is not supported; skipped`);
        return [];
      }
      count(args.length === 4 || args.length === 5, shape === 'box' ? 'x, y, width, height[, angle]' : 'x, y, radius1, radius2[, angle]');
      return [base([pos(0)], [len(2), len(3)], args.length === 5 ? parseAngle(args[4]!, line) : 0)];
    case 'polygon': {
      count(args.length >= 6 && args.length % 2 === 0, 'at least three x, y vertices');
      const positions: Position[] = [];
      for (let i = 0; i < args.length; i += 2) positions.push(pos(i));
      return [base(positions, [])];
    }
    case 'annulus': {
      const nArg = args.findIndex((a) => /^n=/i.test(a));
      let radii: Length[];
      if (nArg >= 0) {
        // `annulus(x, y, inner, outer, n=N)`: N rings of equal width.
        count(args.length === 5 && nArg === 4, 'x, y, inner, outer, n=N');
        const n = parseNumber(args[4]!.slice(2), line, 'ring count');
        if (!Number.isInteger(n) || n < 1) bad(line, `annulus ring count ${args[4]} must be a positive integer`);
        const inner = len(2);
        const outer = len(3);
        if (inner.unit !== outer.unit) bad(line, 'annulus radii mix units');
        radii = Array.from({ length: n + 1 }, (_, k) => ({ unit: inner.unit, value: inner.value + ((outer.value - inner.value) * k) / n }));
      } else {
        count(args.length >= 4, 'x, y and at least two radii');
        radii = args.slice(2).map((_, k) => len(k + 2));
      }
      for (let k = 1; k < radii.length; k++) {
        if (radii[k]!.unit === radii[k - 1]!.unit && !(radii[k]!.value > radii[k - 1]!.value)) bad(line, 'annulus radii must increase');
      }
      const centre = pos(0);
      return radii.slice(1).map((outer, k) => base([centre], [radii[k]!, outer]));
    }
    case 'point':
      count(args.length === 2, 'x, y');
      return [base([pos(0)], [])];
    case 'line':
      count(args.length === 4, 'x1, y1, x2, y2');
      return [base([pos(0), pos(2)], [])];
    case 'text': {
      count(args.length === 2 || args.length === 3, 'x, y[, {text}]');
      if (args.length === 3) {
        const m = /^\{(.*)\}$|^"(.*)"$|^'(.*)'$/s.exec(args[2]!);
        if (!m) bad(line, `text ${args[2]} must be in braces or quotes`);
        text = m![1] ?? m![2] ?? m![3] ?? '';
      }
      return [base([pos(0)], [])];
    }
  }
}

/** Reads a region file; throws RegionFileError (BAD_REGION_FILE, with the line) on the first malformed statement. */
export function parseRegionFile(source: string): RegionFile {
  const regions: RegionRecord[] = [];
  const warnings: string[] = [];
  const global: Record<string, string> = {};
  // DS9 starts in physical coordinates, which are image coordinates without LTM/LTV.
  let system: RegionSystem = 'physical';
  const lines = source.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const pending = splitStatements(lines[index]!);
    while (pending.length > 0) {
      let st = pending.shift()!.trim();
      if (!st) continue;
      let fromComment = false;
      if (st.startsWith('#')) {
        // DS9 writes some regions as comments (`# text(...)`, `# vector(...)`); the rest are comments.
        const hidden = /^#\s*([A-Za-z]+)\s*\(/.exec(st);
        // A commented-out circle stays a comment.
        if (!hidden || !(hidden[1]!.toLowerCase() === 'text' || KNOWN_UNSUPPORTED.has(hidden[1]!.toLowerCase()))) continue;
        st = st.replace(/^#\s*/, '');
        fromComment = true;
      }
      const head = /^([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(st);
      if (!head) bad(line, `cannot read '${st}'`);
      const [matched, sign, rawWord] = head! as unknown as [string, string, string];
      const word = rawWord.toLowerCase();
      let rest = st.slice(matched.length);
      if (word === 'global') {
        Object.assign(global, parseProperties(rest));
        continue;
      }
      if (!sign && (word in SYSTEMS || word in REFUSED_SYSTEMS || /^wcs[a-z0]$/.test(word))) {
        if (word in REFUSED_SYSTEMS) bad(line, REFUSED_SYSTEMS[word]!);
        if (!(word in SYSTEMS)) bad(line, `alternate WCS '${word}' is not supported; use the primary WCS ('wcs', 'fk5', 'icrs', ...)`);
        system = SYSTEMS[word]!;
        // `fk5 circle(...)` on one statement: the rest is a statement of its own.
        const tail = rest.trim();
        if (tail && !tail.startsWith('#')) pending.unshift(tail);
        continue;
      }
      let shape = word;
      let pointSymbol: string | undefined;
      const legacyPoint = /^\s+point\b/i.exec(rest);
      if (POINT_SYMBOLS.has(word) && legacyPoint) {
        // DS9's older `circle point(x, y)` form.
        pointSymbol = word;
        shape = 'point';
        rest = rest.slice(legacyPoint[0].length);
      }
      const supported = SUPPORTED_SHAPES.includes(shape as ShapeName);
      if (!supported) {
        if (KNOWN_UNSUPPORTED.has(shape) || /^\s*\(/.test(rest)) {
          warnings.push(`line ${line}: unsupported shape '${shape}' skipped`);
          continue;
        }
        bad(line, `'${rawWord}' is neither a region shape nor a coordinate system`);
      }
      // Arguments: `shape(a, b, ...)` or DS9's `shape a b ...`.
      let argText: string;
      let after: string;
      const open = /^\s*\(/.exec(rest);
      if (open) {
        const close = closingParen(rest, open[0].length - 1);
        if (close < 0) bad(line, `${shape}: missing ')'`);
        argText = rest.slice(open[0].length, close);
        after = rest.slice(close + 1);
      } else {
        const hash = rest.indexOf('#');
        argText = hash < 0 ? rest : rest.slice(0, hash);
        after = hash < 0 ? '' : rest.slice(hash);
      }
      after = after.trim().replace(/^\|\|?/, '').trim();
      // DS9 writes `# text(x, y) text={...}`: inside a comment the properties need no second '#'.
      if (fromComment && after && !after.startsWith('#')) after = `# ${after}`;
      if (after && !after.startsWith('#')) bad(line, `unexpected '${after}' after ${shape}(...)`);
      const props = after ? parseProperties(after.slice(1)) : {};
      const statement: ShapeStatement = { shape: shape as ShapeName, include: sign !== '-', args: splitArguments(argText), props };
      if (pointSymbol) statement.pointSymbol = pointSymbol;
      regions.push(...buildRecords(statement, system, global, line, warnings));
    }
  }
  return { regions, warnings, global };
}
