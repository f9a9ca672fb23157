/**
 * `nightdeck wcs FILE [--hdu N] [--pixel x,y]... [--world lon,lat]... [--json]`: the celestial WCS of an
 * HDU and conversions between 0-based pixels and world coordinates (degrees, in the frame's own system).
 */
import { UsageError, type CliCommand, parseCommandArgs } from '../command.js';
import { FitsError } from '../../../native-workers/fits/errors.js';
import { readFitsFile } from '../../../native-workers/fits/file.js';
import {
  formatDecDms,
  formatRaHms,
  lookupFromRecord,
  readCelestialWcs,
  WcsError,
  wcsCardRecord,
  type CelestialWcs,
} from '../../../native-workers/wcs/index.js';

const usage = `Usage: nightdeck wcs FILE [--hdu N] [--pixel x,y]... [--world lon,lat]... [--json]
Reads the celestial world coordinate system of HDU N (0-based; default: the first HDU that has one) of
FILE: every FITS WCS Paper II projection, SIP and TPV distortions, equatorial/galactic/ecliptic frames.
--pixel x,y     converts a 0-based pixel (x along NAXIS1, pixel centres at integers) to world coordinates
--world lon,lat converts world coordinates (degrees, in the frame's own system) to a 0-based pixel
Both may be repeated. A position outside the projection's domain gives null.
--json prints {"hdu", "system", "ctype", "projection", "distortion", "world": [[lon, lat] | null, ...]}
for --pixel and "pixel": [[x, y] | null, ...] for --world.
A frame without a celestial WCS fails with NO_WCS; an unusable one with BAD_WCS.`;

function pair(text: string, option: string): [number, number] {
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v))) {
    throw new UsageError(`${option} must be two comma-separated numbers, got '${text}'`);
  }
  return [values[0]!, values[1]!];
}

function hduIndex(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--hdu must be a 0-based HDU index, got '${text}'`);
  return Number(text);
}

/** The WCS of the asked HDU, or of the first HDU that has one. */
function findWcs(hdus: ReadonlyArray<{ header: { cards: ReadonlyArray<{ key: string; value: unknown }> } }>, index: number | undefined): { hdu: number; wcs: CelestialWcs } {
  const read = (i: number): CelestialWcs | null => readCelestialWcs(lookupFromRecord(wcsCardRecord(hdus[i]!.header.cards)));
  if (index !== undefined) {
    if (index >= hdus.length) {
      throw new FitsError('BAD_HDU', `HDU ${index} does not exist (the file has ${hdus.length}: 0..${hdus.length - 1})`);
    }
    const wcs = read(index);
    if (wcs === null) throw new WcsError('NO_WCS', `HDU ${index} has no celestial WCS (no RA/DEC, GLON/GLAT or ELON/ELAT CTYPE pair)`);
    return { hdu: index, wcs };
  }
  for (let i = 0; i < hdus.length; i++) {
    const wcs = read(i);
    if (wcs !== null) return { hdu: i, wcs };
  }
  throw new WcsError('NO_WCS', `no HDU of the file has a celestial WCS (no RA/DEC, GLON/GLAT or ELON/ELAT CTYPE pair)`);
}

function worldText(wcs: CelestialWcs, w: [number, number] | null): string {
  if (w === null) return 'off the projection';
  const deg = `${w[0].toFixed(8)} ${w[1] >= 0 ? '+' : ''}${w[1].toFixed(8)}`;
  const equatorial = wcs.system === 'icrs' || wcs.system === 'fk5' || wcs.system === 'fk4';
  return equatorial ? `${deg}  (${formatRaHms(w[0], 3)} ${formatDecDms(w[1], 2)})` : deg;
}

/** Lets '--pixel -20,400' through: parseArgs would take a value starting with '-' for an option. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if ((a === '--pixel' || a === '--world') && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

const command: CliCommand = {
  summary: 'convert between pixels and world coordinates (every FITS projection, SIP, TPV)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        hdu: { type: 'string' },
        pixel: { type: 'string', multiple: true },
        world: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('wcs needs exactly one FILE');
    const pixels = (values.pixel ?? []).map((p) => pair(p, '--pixel'));
    const worlds = (values.world ?? []).map((w) => pair(w, '--world'));
    for (const [, lat] of worlds) {
      if (Math.abs(lat) > 90) throw new UsageError(`--world latitude must be within ±90°, got ${lat}`);
    }
    const file = await readFitsFile(positionals[0]!);
    const { hdu, wcs } = findWcs(file.hdus, hduIndex(values.hdu));
    const world = pixels.map(([x, y]) => wcs.pixelToWorld(x, y));
    const pixel = worlds.map(([lon, lat]) => wcs.worldToPixel(lon, lat));
    if (values.json) {
      const out: Record<string, unknown> = {
        hdu,
        system: wcs.system,
        ctype: wcs.ctype,
        projection: wcs.projection,
        distortion: wcs.distortion,
      };
      if (pixels.length > 0) out.world = world;
      if (worlds.length > 0) out.pixel = pixel;
      io.stdout(JSON.stringify(out));
      return 0;
    }
    const lines = [
      `HDU ${hdu}: ${wcs.ctype.join(' ')}  system ${wcs.system}, projection ${wcs.projection}, distortion ${wcs.distortion}`,
    ];
    pixels.forEach(([x, y], i) => lines.push(`pixel ${x},${y} -> ${worldText(wcs, world[i]!)}`));
    worlds.forEach(([lon, lat], i) => {
      const p = pixel[i]!;
      lines.push(`world ${lon},${lat} -> ${p === null ? 'not representable' : `pixel ${p[0].toFixed(4)},${p[1].toFixed(4)}`}`);
    });
    io.stdout(lines.join('\n'));
    return 0;
  },
};

export default command;
