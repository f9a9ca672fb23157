/** `nightdeck thumb FILE --out F.jpg [...]`: a JPEG or PNG thumbnail of a frame. */
import { writeFile } from 'node:fs/promises';
import type { CliCommand } from '../command.js';
import { loadImage } from '../../../native-workers/fits/file.js';
import { makeThumbnail } from '../../../native-workers/analysis/thumbnail.js';
import { PLANE_USAGE, parseFileArgs, parseHdu, parsePlane } from './analysis-args.js';
import { parsePictureArgs, pictureOptions } from './picture-args.js';

const usage = `Usage: nightdeck thumb FILE --out F.jpg [--width 512] [--height 512] [--label TEXT] [--quality 80] [--median] [--stretch zscale] [--hdu N] [--plane K]
A thumbnail of the image in FILE, area-averaged to fit inside width x height (aspect kept; 512 x 512
when neither is given), row 0 at the bottom as DS9 shows it.
  --out F        output file; .png writes PNG, anything else JPEG (or choose with --format jpeg|png)
  --label TEXT   white text in the lower-left corner
  --quality Q    JPEG quality 1..100 (default 80)
  --median       3x3 median filter first (hides hot pixels)
  --stretch S    zscale (default, astropy ZScaleInterval), minmax or percentile (99.5 %)
  --hdu N        0-based HDU (default: the first image HDU with data)
${PLANE_USAGE}`;

const command: CliCommand = {
  summary: 'JPEG/PNG thumbnail of a frame (size, label, median filter, stretch)',
  usage,
  async run(argv, io) {
    const { file, values } = parseFileArgs(argv, { ...pictureOptions, hdu: { type: 'string' }, plane: { type: 'string' } }, 'thumb');
    const { out, options } = parsePictureArgs(values);
    const plane = parsePlane(values.plane);
    const image = await loadImage(file, parseHdu(values.hdu), { plane });
    const picture = await makeThumbnail(image, options);
    await writeFile(out, picture);
    io.stdout(`${out}: ${options.format} thumbnail of ${file}${values.plane !== undefined ? ` (plane ${plane})` : ''}`);
    return 0;
  },
};

export default command;
