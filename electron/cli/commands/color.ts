/** `nightdeck color R.fits G.fits B.fits --out F.jpg`: an RGB composite of three frames. */
import { writeFile } from 'node:fs/promises';
import { UsageError, type CliCommand, parseCommandArgs } from '../command.js';
import { loadImage } from '../../../native-workers/fits/file.js';
import { makeColorComposite } from '../../../native-workers/analysis/color.js';
import { parseHdu } from './analysis-args.js';
import { parsePictureArgs, pictureOptions } from './picture-args.js';

const usage = `Usage: nightdeck color R.fits G.fits B.fits --out F.jpg [--width 512] [--height 512] [--label TEXT] [--quality 80] [--median] [--stretch zscale] [--hdu N]
An RGB composite: the three frames (e.g. red, visual and blue filters) must have the same shape;
each channel is stretched on its own (zscale by default). Options as for 'nightdeck thumb'.`;

const command: CliCommand = {
  summary: 'RGB colour composite of three frames of the same shape',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs({ args: argv, allowPositionals: true, strict: true, options: { ...pictureOptions, hdu: { type: 'string' } } });
    if (parsed.positionals.length !== 3) throw new UsageError('color needs exactly three files: red, green and blue');
    const { out, options } = parsePictureArgs(parsed.values);
    const hdu = parseHdu(parsed.values.hdu);
    const [r, g, b] = await Promise.all(parsed.positionals.map((f) => loadImage(f, hdu)));
    const picture = await makeColorComposite(r!, g!, b!, options);
    await writeFile(out, picture);
    io.stdout(`${out}: ${options.format} colour composite`);
    return 0;
  },
};

export default command;
