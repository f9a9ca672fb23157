/**
 * Card parsing edge cases, each card image parsed by astropy (Card.fromstring / Header.fromstring)
 * as the reference: number formats (D exponents, signs, free format), strings (quotes, blanks),
 * logicals, undefined values, HIERARCH, commentary cards, CONTINUE chains, END placement.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCard } from '../../../native-workers/fits/card.js';
import { headerBytes } from '../../../native-workers/fits/writer.js';
import { openFits, parseHeaderAt } from '../../../native-workers/fits/index.js';
import { requirePython, runPython } from '../../helpers/python.js';

const CARDS = [
  "DEXP    =             1.25D+03 / D exponent",
  "DEXPLOW =               -2.5d-2",
  "PLUSINT =                  +17",
  "NEGZERO =                   -0",
  "TRAILDOT=                  1.E5",
  "LEADDOT =                  .5",
  "FREEINT =  42 /free format, no space after the slash",
  "FREEFLT =      -3.0E-7",
  "QUOTED  = 'it''s ''quoted'''   / comment with 'quotes' / and a slash",
  "BLANKS  = '  lead and trail   '",
  "EMPTY   = ''",
  "ONEBLANK= ' '",
  "LOGT    =                    T",
  "LOGF    =                    F / false",
  "UNDEF   =                      / no value",
  "CPLX    = (1.5, -2.0)",
  "DATE-OBS= '2026-11-23T01:02:03.5'",
  "HIERARCH ESO INS OPTI-3 ID = 'ESO#427' / hierarch string",
  "HIERARCH ESO DET WIN1 BINX = 2",
  "COMMENT   indented comment text",
  "HISTORY =  not a value: HISTORY never has one",
  "        blank keyword commentary",
  "NOVALUE   this card has no value indicator",
  "BIGNEG  = -123456789012345678901234567890",
];

const ASTROPY_CARDS = String.raw`
import json, sys, warnings
from astropy.io import fits
warnings.simplefilter('ignore')
out = []
for image in json.load(sys.stdin):
    c = fits.Card.fromstring(image.ljust(80))
    v = c.value
    if isinstance(v, bool): t = 'bool'
    elif isinstance(v, int): t = 'int'
    elif isinstance(v, float): t = 'float'
    elif isinstance(v, complex): t = 'complex'
    elif isinstance(v, str): t = 'str'
    else: t = 'undefined'
    if c.keyword in ('COMMENT', 'HISTORY', '') or (t == 'str' and '=' not in image[8:10] and not image.startswith('HIERARCH')):
        t = 'commentary'
    out.append({'key': c.keyword, 'type': t, 'value': str(v) if t in ('int', 'complex') else (None if t == 'undefined' else v), 'comment': c.comment})
json.dump(out, sys.stdout)
`;

test('each card parses to astropy’s keyword, value, type and comment', () => {
  requirePython('astropy');
  const ref = runPython<{ key: string; type: string; value: unknown; comment: string }[]>(ASTROPY_CARDS, CARDS);
  CARDS.forEach((image, i) => {
    const r = ref[i]!;
    const { card } = parseCard(image.padEnd(80), 0, 0);
    const what = `card ${JSON.stringify(image)}`;
    assert.equal(card.key, r.key.toUpperCase(), what);
    switch (r.type) {
      case 'commentary':
        assert.equal(card.value, null, what);
        assert.equal(card.comment, r.value, what);
        return;
      case 'int':
        assert.ok(typeof card.value === 'number' || typeof card.value === 'bigint', what);
        assert.equal(String(card.value), r.value, what);
        break;
      case 'complex':
        assert.equal(typeof card.value, 'string', what);
        break;
      case 'undefined':
        assert.equal(card.value, null, what);
        break;
      default:
        assert.equal(card.value, r.value, what);
    }
    assert.equal(card.comment ?? '', r.comment, `${what} comment`);
  });
});

test('CONTINUE chains join into one value and comment like astropy; a lone & stays', () => {
  const images = [
    "SIMPLE  =                    T",
    "BITPIX  =                    8",
    "NAXIS   =                    0",
    "LONG    = 'first part, &'        / c1",
    "CONTINUE  'second part, &'       / c2",
    "CONTINUE  'end'                  / c3",
    "AMP     = 'ends with &'",
    "AFTER   = 1",
  ];
  const text = images.map((l) => l.padEnd(80)).join('') + 'END'.padEnd(80);
  const bytes = Buffer.from(text.padEnd(2880), 'latin1');
  requirePython('astropy');
  const ref = runPython<Record<string, [string | number, string]>>(
    String.raw`
import json, sys, warnings
from astropy.io import fits
warnings.simplefilter('ignore')
h = fits.Header.fromstring(json.load(sys.stdin))
json.dump({k: [h[k], h.comments[k]] for k in ('LONG', 'AMP', 'AFTER')}, sys.stdout)
`,
    text,
  );
  const { header, headerEnd } = parseHeaderAt(bytes, 0, 0, {});
  assert.equal(headerEnd, 2880);
  assert.equal(header.get('LONG'), ref.LONG![0]);
  assert.equal(header.cards.find((c) => c.key === 'LONG')!.comment, ref.LONG![1]);
  assert.equal(header.get('AMP'), ref.AMP![0]);
  assert.equal(header.get('AFTER'), 1);
  assert.deepEqual(
    header.cards.map((c) => c.key),
    ['SIMPLE', 'BITPIX', 'NAXIS', 'LONG', 'AMP', 'AFTER'],
  );
});

test('END is found only as a whole card on a card boundary, in any block; ENDX is an ordinary card', () => {
  const cards = [
    { key: 'SIMPLE', value: true },
    { key: 'BITPIX', value: 8 },
    { key: 'NAXIS', value: 0 },
    ...Array.from({ length: 40 }, (_, i) => ({ key: `K${i}`, value: i })),
    { key: 'ENDX', value: 'not the end', isString: true },
  ];
  const bytes = headerBytes(cards);
  assert.equal(bytes.length, 5760);
  const file = openFits(bytes);
  assert.equal(file.hdus[0]!.dataOffset, 5760);
  assert.equal(file.hdus[0]!.header.getString('ENDX'), 'not the end');
  assert.equal(file.hdus[0]!.header.getNumber('K39'), 39);
});
