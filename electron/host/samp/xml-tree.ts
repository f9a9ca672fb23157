/**
 * A small, strict XML reader for XML-RPC documents: elements, attributes (read, then ignored),
 * text, the five predefined entities and numeric character references, comments, CDATA and
 * the `<?xml …?>` declaration. A DOCTYPE (and with it every custom entity, so no entity
 * expansion or external fetch) is refused, as is anything malformed. Pure: no Node, no DOM.
 */

export interface XmlElement {
  name: string;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlError extends Error {
  readonly code = 'BAD_XML';
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_DEPTH = 64;

/** Replaces entity and character references in text or an attribute value; a bare '&' is an error. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let i = 0;
  for (;;) {
    const amp = text.indexOf('&', i);
    if (amp === -1) return out + text.slice(i);
    const semi = text.indexOf(';', amp);
    if (semi === -1 || semi - amp > 12) throw new XmlError('bare & in text');
    const ref = text.slice(amp + 1, semi);
    const whole = `&${ref};`;
    let v: string;
    if (ref.startsWith('#x') || ref.startsWith('#X')) v = codePoint(/^[0-9a-fA-F]+$/.test(ref.slice(2)) ? parseInt(ref.slice(2), 16) : NaN, whole);
    else if (ref.startsWith('#')) v = codePoint(/^\d+$/.test(ref.slice(1)) ? Number(ref.slice(1)) : NaN, whole);
    else {
      const p = PREDEFINED[ref];
      if (p === undefined) throw new XmlError(`unknown entity ${whole}`);
      v = p;
    }
    out += text.slice(i, amp) + v;
    i = semi + 1;
  }
}

function codePoint(n: number, whole: string): string {
  if (!Number.isInteger(n) || n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) throw new XmlError(`bad character reference ${whole}`);
  return String.fromCodePoint(n);
}

/** Parses one document into its root element. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const n = xml.length;
  if (xml.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;

  const fail = (what: string): never => {
    throw new XmlError(`${what} at offset ${i}`);
  };

  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.children.push(decodeEntities(raw));
      else if (raw.trim() !== '') fail('text outside the root element');
      i = textEnd;
      continue;
    }
    // At '<'.
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) fail('unterminated processing instruction');
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) fail('unterminated CDATA');
      const top = stack[stack.length - 1];
      if (!top) fail('CDATA outside the root element');
      top!.children.push(xml.slice(i + 9, end));
      i = end + 3;
    } else if (xml.startsWith('<!', i)) {
      fail('DOCTYPE and declarations are not accepted');
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2, i + 2 + 200));
      if (!m) fail('bad closing tag');
      const name = m![0];
      let j = i + 2 + name.length;
      while (j < n && /\s/.test(xml[j]!)) j++;
      if (xml[j] !== '>') fail('bad closing tag');
      const top = stack.pop();
      if (!top || top.name !== name) fail(`closing tag </${name}> does not match`);
      i = j + 1;
    } else {
      const m = NAME.exec(xml.slice(i + 1, i + 1 + 200));
      if (!m) fail('bad tag');
      const el: XmlElement = { name: m![0], children: [] };
      let j = i + 1 + el.name.length;
      // Attributes: name="value" | name='value' (checked, then dropped: XML-RPC has none).
      for (;;) {
        const ws = j;
        while (j < n && /\s/.test(xml[j]!)) j++;
        if (xml[j] === '>' || xml.startsWith('/>', j)) break;
        if (j === ws) fail('attributes must be separated by white space');
        const an = NAME.exec(xml.slice(j, j + 200));
        if (!an) fail('bad attribute');
        j += an![0].length;
        while (j < n && /\s/.test(xml[j]!)) j++;
        if (xml[j] !== '=') fail('attribute without a value');
        j++;
        while (j < n && /\s/.test(xml[j]!)) j++;
        const q = xml[j];
        if (q !== '"' && q !== "'") fail('unquoted attribute value');
        const close = xml.indexOf(q!, j + 1);
        if (close === -1) fail('unterminated attribute value');
        decodeEntities(xml.slice(j + 1, close));
        j = close + 1;
      }
      const selfClosing = xml.startsWith('/>', j);
      i = j + (selfClosing ? 2 : 1);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) fail('more than one root element');
      else root = el;
      if (!selfClosing) {
        stack.push(el);
        if (stack.length > MAX_DEPTH) fail('nesting too deep');
      }
    }
  }
  if (stack.length > 0) throw new XmlError(`unclosed element <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new XmlError('no root element');
  return root;
}

/** Child elements (text between them must be white space only). */
export function elementChildren(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (typeof c === 'string') {
      if (c.trim() !== '') throw new XmlError(`unexpected text in <${el.name}>`);
    } else out.push(c);
  }
  return out;
}

/** The text content of an element that holds text only. */
export function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) {
    if (typeof c !== 'string') throw new XmlError(`<${el.name}> must hold text only`);
    s += c;
  }
  return s;
}

/** Escapes text for element content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
