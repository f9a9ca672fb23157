/**
 * The demo night's focal plane: a HETDEX-shaped fplane.txt (IHMP seats `CCR` = column
 * 01–10, row 1–9 on a 100″ grid, the `000 … 900 900 900` placeholder at the centre, the
 * two LRS2 units in 056/066, HPF/HRS placeholders with ids ≥ 900, empty seats with id
 * 000 and commented-out inactive seats), imported so the Focal plane view of the demo
 * shows a real configuration instead of NOT_FOUND. Deterministic: the same text every run.
 */
import type { FplaneStore } from '../store/fplane.js';
import { StoreError } from '../store/errors.js';

/** Seats beyond this radius (arcsec) lie outside the 22′ field and are not in the file. */
const FIELD_RADIUS_ARCSEC = 560;

/** Special seats around the centre (the WFS/guider ring and the other instruments' feeds). */
const SPECIAL: Record<string, { specid: string; specslot: string; ifuid: string }> = {
  '056': { specid: '503', specslot: '503', ifuid: '056' }, // LRS2-B
  '066': { specid: '502', specslot: '502', ifuid: '066' }, // LRS2-R
  '055': { specid: '901', specslot: '901', ifuid: '901' }, // HPF feed
  '065': { specid: '902', specslot: '902', ifuid: '902' }, // HRS feed
};

/** Seats with an IFU installed but its spectrograph down tonight (commented out). */
const INACTIVE = new Set(['023', '038', '074', '092', '047']);
/** Seats with nothing plugged in (SPECID/IFUID 000, commented out). */
const EMPTY = new Set(['054', '064', '015', '095', '029', '081']);

/** The fplane.txt text of the demo focal plane. */
export function demoFplaneText(): string {
  const lines = [
    '# NightDeck demo focal plane (HETDEX layout: IHMP seat CCR = column 01-10, row 1-9)',
    '# X_FP, Y_FP: seat centre on the focal plane in arcsec; inactive and empty seats commented out',
    '# IFUSLOT X_FP Y_FP SPECID SPECSLOT IFUID IFUROT PLATESC',
    '000\t0.000\t0.000\t900\t900\t900\t0.0\t1.0',
  ];
  let serial = 0;
  for (let col = 1; col <= 10; col++) {
    for (let row = 1; row <= 9; row++) {
      const slot = `${String(col).padStart(2, '0')}${row}`;
      const x = (col - 5.5) * 100;
      const y = (row - 5) * 100;
      if (Math.hypot(x, y) > FIELD_RADIUS_ARCSEC) continue;
      const special = SPECIAL[slot];
      if (special) {
        const commented = Number(special.specid) >= 900 && slot === '065';
        lines.push(`${commented ? '#' : ''}${slot}\t${x.toFixed(3)}\t${y.toFixed(3)}\t${special.specid}\t${special.specslot}\t${special.ifuid}\t0.0\t1.0`);
        continue;
      }
      if (EMPTY.has(slot)) {
        lines.push(`#${slot}\t${x.toFixed(3)}\t${y.toFixed(3)}\t000\t000\t000\t0.0\t1.0`);
        continue;
      }
      serial++;
      // Spectrograph ids 001–078 and IFU ids from the 0xx/1xx production runs, as on the real plane.
      const specid = String(serial).padStart(3, '0');
      const ifuid = String(serial % 3 === 0 ? 100 + serial : 20 + serial).padStart(3, '0');
      const rot = serial % 5 === 0 ? '180.0' : '0.0';
      // Measured small offsets from the nominal grid (arcsec), as a survey of the plane finds.
      const dx = ((serial * 37) % 11) * 0.031 - 0.155;
      const dy = ((serial * 53) % 13) * 0.027 - 0.162;
      const prefix = INACTIVE.has(slot) ? '#' : '';
      lines.push(`${prefix}${slot}\t${(x + dx).toFixed(3)}\t${(y + dy).toFixed(3)}\t${specid}\t${specid}\t${ifuid}\t${rot}\t1.0`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * Imports the demo focal plane from the start of `night` unless a configuration already
 * holds then (a real one is never shadowed). Returns true when it imported.
 */
export function ensureDemoFplane(store: FplaneStore, night: string): boolean {
  try {
    store.getConfig(night);
    return false;
  } catch (err) {
    if (!(err instanceof StoreError) || err.code !== 'NOT_FOUND') throw err;
  }
  store.importText(demoFplaneText(), night);
  return true;
}
