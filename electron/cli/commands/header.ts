/** `nightdeck header FILE [--hdu N] [--json]`: the header cards of one HDU. */
import { UsageError, type CliCommand, parseCommandArgs } from '../command.js';
import { FitsError } from '../../../native-workers/fits/errors.js';
import { readFitsFile } from '../../../native-workers/fits/file.js';
import type { FitsFile } from '../../../native-workers/fits/hdu.js';
import type { Card } from '../../../native-workers/fits/types.js';

const usage = `Usage: nightdeck header FILE [--hdu N] [--json]
Prints the header of HDU N (0-based, primary = 0; default 0) of FILE (.fits, .fits.gz, .fits.bz2, .fz)
as the 80-character card images stored in the file, up to END. For a tile-compressed image these are
the cards of its BINTABLE HDU. --json prints {"hdu": N, "cards": [{key, value, comment}]}, with long
CONTINUE strings joined and integers beyond 2^53 as strings.`;

/** The card images as stored, END included. */
function cardImages(file: FitsFile, index: number): string[] {
  const hdu = file.hdus[index]!;
  const text = Buffer.from(file.bytes.buffer, file.bytes.byteOffset + hdu.headerOffset, hdu.dataOffset - hdu.headerOffset).toString('latin1');
  const lines: string[] = [];
  for (let p = 0; p + 80 <= text.length; p += 80) {
    const line = text.slice(p, p + 80);
    lines.push(line);
    if (line.startsWith('END') && line.slice(3).trim() === '') break;
  }
  return lines;
}

function jsonCard(c: Card): { key: string; value: string | number | boolean | null; comment: string | null } {
  return { key: c.key, value: typeof c.value === 'bigint' ? c.value.toString() : c.value, comment: c.comment ?? null };
}

function parseHduIndex(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text)) throw new UsageError(`--hdu must be a 0-based HDU index, got '${text}'`);
  return Number(text);
}

const command: CliCommand = {
  summary: 'print the header cards of one HDU of a FITS file',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs({
      args: argv,
      allowPositionals: true,
      options: { hdu: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('header needs exactly one FILE');
    const index = parseHduIndex(values.hdu);
    const file = await readFitsFile(positionals[0]!);
    if (index >= file.hdus.length) {
      throw new FitsError('BAD_HDU', `HDU ${index} does not exist (the file has ${file.hdus.length}: 0..${file.hdus.length - 1})`);
    }
    if (values.json) io.stdout(JSON.stringify({ hdu: index, cards: file.hdus[index]!.header.cards.map(jsonCard) }));
    else io.stdout(cardImages(file, index).join('\n'));
    return 0;
  },
};

export default command;
