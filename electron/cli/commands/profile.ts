/** `nightdeck profile FILE --from x,y --to x,y [--width W] [--hdu N] [--json]`: a line profile. */
import { UsageError, type CliCommand } from '../command.js';
import { loadImage } from '../../../native-workers/fits/file.js';
import { lineProfile } from '../../../native-workers/analysis/profile.js';
import { PLANE_USAGE, jsonNumber, parseFileArgs, parseHdu, parsePlane, parsePoint } from './analysis-args.js';

const usage = `Usage: nightdeck profile FILE --from x,y --to x,y [--width W] [--hdu N] [--plane K] [--json]
Intensities along the line between two points in 0-based pixel coordinates (x = column, y = row,
fractions allowed), as skimage.measure.profile_line with bilinear interpolation: ceil(length + 1)
samples, both ends included, -1 outside the image.
  --width W      scan width in pixels, averaged across the line (default 1)
  --hdu N        0-based HDU (default: the first image HDU with data)
${PLANE_USAGE}
  --json         {"data": [...], "plane": K} (NaN samples as null)`;

const command: CliCommand = {
  summary: 'line profile between two pixel positions (as skimage profile_line)',
  usage,
  async run(argv, io) {
    const { file, values } = parseFileArgs(
      argv,
      { from: { type: 'string' }, to: { type: 'string' }, width: { type: 'string' }, hdu: { type: 'string' }, plane: { type: 'string' }, json: { type: 'boolean', default: false } },
      'profile',
    );
    const from = parsePoint(values.from, '--from');
    const to = parsePoint(values.to, '--to');
    let linewidth = 1;
    if (values.width !== undefined) {
      linewidth = Number(values.width);
      if (!/^\d+$/.test(values.width) || linewidth < 1) throw new UsageError(`--width must be a positive integer, got '${values.width}'`);
    }
    const plane = parsePlane(values.plane);
    const image = await loadImage(file, parseHdu(values.hdu), { plane });
    const data = lineProfile(image, from, to, { linewidth });
    if (values.json) io.stdout(JSON.stringify({ data: data.map(jsonNumber), plane }));
    else io.stdout(data.map((v, i) => `${i} ${v}`).join('\n'));
    return 0;
  },
};

export default command;
