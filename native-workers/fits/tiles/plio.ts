/**
 * PLIO_1: IRAF's line-list encoding of integer masks, stored as big-endian 16-bit words.
 * A header gives the list length; each word is a 4-bit opcode and 12 bits of data:
 * runs of zeros or of the current value, changes of the current value, and single pixels.
 */
import { FitsError } from '../errors.js';

const OP_ZEROS = 0;
const OP_SET_HIGH = 1;
const OP_ADD = 2;
const OP_SUB = 3;
const OP_RUN = 4;
const OP_ZEROS_THEN_VALUE = 5;
const OP_ADD_PIXEL = 6;
const OP_SUB_PIXEL = 7;

export function plioDecode(bytes: Uint8Array, out: Int32Array, npix: number): void {
  const nwords = bytes.length >> 1;
  const word = (i: number): number => {
    if (i >= nwords) throw new FitsError('CORRUPT_DATA', 'PLIO line list ends early');
    return ((bytes[2 * i]! << 24) >> 16) | bytes[2 * i + 1]!; // signed 16-bit
  };
  out.fill(0, 0, npix);
  if (nwords < 3 || npix <= 0) return;
  let length: number;
  let first: number;
  if (word(2) > 0) {
    length = word(2);
    first = 3;
  } else {
    length = (word(4) << 15) + word(3);
    first = word(1);
  }
  if (length > nwords) throw new FitsError('CORRUPT_DATA', `PLIO line list claims ${length} words, has ${nwords}`);
  let op = 0; // next output pixel
  let x = 1; // 1-based image position of the next pixel the list describes
  let value = 1;
  for (let ip = first; ip < length && x <= npix; ip++) {
    const w = word(ip);
    const opcode = Math.trunc(w / 4096);
    const data = w & 4095;
    switch (opcode) {
      case OP_ZEROS:
      case OP_RUN:
      case OP_ZEROS_THEN_VALUE: {
        const x2 = x + data - 1;
        const last = Math.min(x2, npix);
        const n = last - x + 1;
        if (n > 0) {
          out.fill(opcode === OP_RUN ? value : 0, op, op + n);
          if (opcode === OP_ZEROS_THEN_VALUE && last === x2) out[op + n - 1] = value;
          op += n;
        }
        x = x2 + 1;
        break;
      }
      case OP_SET_HIGH:
        value = (word(ip + 1) << 12) + data;
        ip++;
        break;
      case OP_ADD:
        value += data;
        break;
      case OP_SUB:
        value -= data;
        break;
      case OP_ADD_PIXEL:
      case OP_SUB_PIXEL:
        value += opcode === OP_ADD_PIXEL ? data : -data;
        if (x <= npix) out[op++] = value;
        x++;
        break;
      default:
        break; // unknown opcodes are skipped, as IRAF does
    }
  }
}
