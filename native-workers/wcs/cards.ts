/**
 * The compact WCS record the host hands the renderer: only the cards the WCS reader looks at, as a
 * keyword → value record, so the console reads the WCS without receiving or parsing the whole header.
 */
const WCS_KEYWORD =
  /^(WCSAXES[A-Z]?|NAXIS\d*|CTYPE\d+[A-Z]?|CRPIX\d+[A-Z]?|CRVAL\d+[A-Z]?|CDELT\d+[A-Z]?|CROTA\d+[A-Z]?|CUNIT\d+[A-Z]?|CD\d+_\d+[A-Z]?|PC\d+_\d+[A-Z]?|PC\d{6}|PV\d+_\d+[A-Z]?|LONPOLE[A-Z]?|LATPOLE[A-Z]?|RADESYS[A-Z]?|RADECSYS|EQUINOX[A-Z]?|EPOCH|A_ORDER|B_ORDER|AP_ORDER|BP_ORDER|A_\d+_\d+|B_\d+_\d+|AP_\d+_\d+|BP_\d+_\d+)$/;

export function isWcsKeyword(key: string): boolean {
  return WCS_KEYWORD.test(key);
}

export type WcsCardRecord = Record<string, string | number | boolean>;

/** The WCS cards of a header (first occurrence wins, as FITS readers take it). */
export function wcsCardRecord(cards: Iterable<{ key: string; value: unknown }>): WcsCardRecord {
  const out: WcsCardRecord = {};
  for (const c of cards) {
    if (!isWcsKeyword(c.key) || c.key in out) continue;
    const v = typeof c.value === 'bigint' ? Number(c.value) : c.value;
    if (typeof v === 'string') out[c.key] = v.trim();
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') out[c.key] = v;
  }
  return out;
}
