/**
 * Which frame each plane of a cube came from: NightDeck's cube export writes a BINTABLE
 * named FRAMES after the cube, one row per plane, with the plane index in FRAME and the
 * frame's name in NAME. Read from the table's rows only (no pixels decoded).
 */
import type { FitsFile, Hdu } from './hdu.js';
import { planeCount } from './planes.js';
import { KeywordReader } from './tiles/keywords.js';
import { readTableLayout } from './tiles/table.js';

const latin1 = new TextDecoder('latin1');

/** The FRAMES table of the file, if any. */
function framesTable(file: FitsFile): Hdu | undefined {
  return file.hdus.find((h) => h.info.kind === 'table' && h.info.extname?.toUpperCase() === 'FRAMES');
}

/**
 * The frame name of each plane of `image` (index = plane), or null when the file has no
 * FRAMES table with a NAME column, or the table does not have one row per plane. A row
 * whose FRAME index is missing or out of range leaves its plane's name empty.
 */
export function planeNamesOf(file: FitsFile, image: Hdu): string[] | null {
  const hdu = framesTable(file);
  if (!hdu) return null;
  const planes = planeCount(image.info.shape);
  const table = readTableLayout(new KeywordReader(hdu.header, hdu.index), hdu.dataLength, hdu.index);
  const name = table.columns.get('NAME');
  if (!name || name.type !== 'A' || name.descriptor !== null || table.rows !== planes) return null;
  const frame = table.columns.get('FRAME');
  const data = file.bytes.subarray(hdu.dataOffset, hdu.dataOffset + hdu.dataLength);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const names = new Array<string>(planes).fill('');
  for (let row = 0; row < table.rows; row++) {
    const at = row * table.rowBytes;
    let plane = row;
    if (frame && frame.descriptor === null && (frame.type === 'K' || frame.type === 'J')) {
      plane = frame.type === 'K' ? Number(view.getBigInt64(at + frame.offset)) : view.getInt32(at + frame.offset);
    }
    if (!Number.isInteger(plane) || plane < 0 || plane >= planes) continue;
    // Strings end at the first NUL and lose their trailing blanks, as astropy reads them.
    const text = latin1.decode(data.subarray(at + name.offset, at + name.offset + name.repeat));
    names[plane] = text.split('\u0000')[0]!.replace(/ +$/, '');
  }
  return names;
}
