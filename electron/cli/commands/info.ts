/** `nightdeck info FILE [--json]`: one line (or JSON object) per HDU of a FITS file. */
import { UsageError, type CliCommand, parseCommandArgs } from '../command.js';
import { readFitsFile } from '../../../native-workers/fits/file.js';
import type { HduInfo } from '../../../native-workers/fits/types.js';
import { formatShape, planeCount } from '../../../native-workers/fits/planes.js';

const usage = `Usage: nightdeck info FILE [--json]
Lists the HDUs of FILE (.fits, .fits.gz, .fits.bz2, .fz): index (0-based, primary = 0), EXTNAME, kind,
BITPIX, shape (NAXIS1 first, e.g. 11×10×7; a compressed image shows its image's ZBITPIX and ZNAXISn),
BZERO, BSCALE, tile compression and, for images, the number of planes (product of NAXIS3...).
--json prints {"hdus": [{index, extname, kind, bitpix, shape, bzero, bscale, compression, planes}], "warnings": [...]}.
A file whose primary header says SIMPLE = F is listed with a warning (pixel commands refuse it: UNSUPPORTED).`;

type ListedHdu = HduInfo & { planes: number | null };

function isImage(h: HduInfo): boolean {
  return h.kind === 'image' || h.kind === 'compressed-image';
}

function table(hdus: ListedHdu[]): string {
  const rows = hdus.map((h) => [
    String(h.index),
    h.extname ?? '',
    h.kind,
    h.bitpix === null ? '' : String(h.bitpix),
    formatShape(h.shape),
    h.bzero === null ? '' : String(h.bzero),
    h.bscale === null ? '' : String(h.bscale),
    h.compression ?? '',
    h.planes === null ? '' : String(h.planes),
  ]);
  const head = ['HDU', 'EXTNAME', 'KIND', 'BITPIX', 'SHAPE', 'BZERO', 'BSCALE', 'COMPRESSION', 'PLANES'];
  const widths = head.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

const command: CliCommand = {
  summary: 'list the HDUs of a FITS file (kind, BITPIX, shape, planes, scaling, compression)',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('info needs exactly one FILE');
    // Listing only: a SIMPLE = F file is read as far as its headers go, with a warning.
    const file = await readFitsFile(positionals[0]!, { allowNonConforming: true });
    const hdus: ListedHdu[] = file.hdus.map((h) => ({
      ...h.info,
      planes: isImage(h.info) && h.info.shape.length > 0 ? planeCount(h.info.shape) : null,
    }));
    const warnings = file.warnings ?? [];
    for (const w of warnings) io.stderr(`warning: ${w}`);
    io.stdout(values.json ? JSON.stringify({ hdus, warnings }) : table(hdus));
    return 0;
  },
};

export default command;
