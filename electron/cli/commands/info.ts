/** `nightdeck info FILE [--json]`: one line (or JSON object) per HDU of a FITS file. */
import { UsageError, type CliCommand, parseCommandArgs } from '../command.js';
import { readFitsFile } from '../../../native-workers/fits/file.js';
import type { HduInfo } from '../../../native-workers/fits/types.js';

const usage = `Usage: nightdeck info FILE [--json]
Lists the HDUs of FILE (.fits, .fits.gz, .fits.bz2, .fz): index (0-based, primary = 0), EXTNAME, kind,
BITPIX, shape (NAXIS1 first; a compressed image shows its image's ZBITPIX and ZNAXISn), BZERO, BSCALE
and tile compression. --json prints {"hdus": [{index, extname, kind, bitpix, shape, bzero, bscale, compression}]}.`;

function table(hdus: HduInfo[]): string {
  const rows = hdus.map((h) => [
    String(h.index),
    h.extname ?? '',
    h.kind,
    h.bitpix === null ? '' : String(h.bitpix),
    h.shape.length ? h.shape.join('×') : '-',
    h.bzero === null ? '' : String(h.bzero),
    h.bscale === null ? '' : String(h.bscale),
    h.compression ?? '',
  ]);
  const head = ['HDU', 'EXTNAME', 'KIND', 'BITPIX', 'SHAPE', 'BZERO', 'BSCALE', 'COMPRESSION'];
  const widths = head.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

const command: CliCommand = {
  summary: 'list the HDUs of a FITS file (kind, BITPIX, shape, scaling, compression)',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('info needs exactly one FILE');
    const file = await readFitsFile(positionals[0]!);
    const hdus = file.hdus.map((h) => h.info);
    io.stdout(values.json ? JSON.stringify({ hdus }) : table(hdus));
    return 0;
  },
};

export default command;
