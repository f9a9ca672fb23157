/**
 * A focused XML-RPC codec for SAMP's Standard Profile. SAMP only ever sends strings, lists and
 * maps, but hubs written on general XML-RPC stacks also send <int>, <boolean>, <double> and
 * <nil/>, so those are read too (SAMP code turns them into strings). Encoding writes strings,
 * arrays and structs only. Pure: no Node, no DOM.
 */
import { elementChildren, escapeXml, parseXml, textOf, XmlError, type XmlElement } from './xml-tree.js';

export type XmlRpcValue = string | number | boolean | null | XmlRpcValue[] | { [key: string]: XmlRpcValue };

export class XmlRpcFault extends Error {
  readonly code = 'XMLRPC_FAULT';
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`XML-RPC fault ${faultCode}: ${faultString}`);
    this.name = 'XmlRpcFault';
  }
}

/** A document that is XML but not XML-RPC (or not XML at all). */
export class XmlRpcFormatError extends Error {
  readonly code = 'BAD_XMLRPC';
  constructor(message: string) {
    super(message);
    this.name = 'XmlRpcFormatError';
  }
}

// ---- encoding ----

export function encodeValue(v: XmlRpcValue): string {
  if (typeof v === 'string') return `<value><string>${escapeXml(v)}</string></value>`;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) return `<value><int>${v}</int></value>`;
    if (!Number.isFinite(v)) throw new XmlRpcFormatError('XML-RPC cannot carry NaN or infinities');
    return `<value><double>${v}</double></value>`;
  }
  if (typeof v === 'boolean') return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (v === null) return '<value><string></string></value>'; // SAMP has no null: an empty string
  if (Array.isArray(v)) return `<value><array><data>${v.map(encodeValue).join('')}</data></array></value>`;
  const members = Object.entries(v)
    .map(([k, x]) => `<member><name>${escapeXml(k)}</name>${encodeValue(x)}</member>`)
    .join('');
  return `<value><struct>${members}</struct></value>`;
}

const DECL = "<?xml version='1.0'?>\n";

export function encodeCall(method: string, params: readonly XmlRpcValue[]): string {
  const ps = params.map((p) => `<param>${encodeValue(p)}</param>`).join('');
  return `${DECL}<methodCall><methodName>${escapeXml(method)}</methodName><params>${ps}</params></methodCall>`;
}

export function encodeResponse(value: XmlRpcValue): string {
  return `${DECL}<methodResponse><params><param>${encodeValue(value)}</param></params></methodResponse>`;
}

export function encodeFault(faultCode: number, faultString: string): string {
  return `${DECL}<methodResponse><fault>${encodeValue({ faultCode, faultString })}</fault></methodResponse>`;
}

// ---- decoding ----

function only(el: XmlElement, name: string): XmlElement {
  const kids = elementChildren(el);
  if (kids.length !== 1 || kids[0]!.name !== name) throw new XmlRpcFormatError(`<${el.name}> must hold one <${name}>`);
  return kids[0]!;
}

export function decodeValue(el: XmlElement): XmlRpcValue {
  if (el.name !== 'value') throw new XmlRpcFormatError(`expected <value>, got <${el.name}>`);
  const kids = el.children.filter((c): c is XmlElement => typeof c !== 'string');
  if (kids.length === 0) return textOf(el); // untyped value = string
  const typed = only(el, kids[0]!.name);
  switch (typed.name) {
    case 'string':
      return textOf(typed);
    case 'int':
    case 'i4':
    case 'i8': {
      const t = textOf(typed).trim();
      if (!/^[+-]?\d{1,19}$/.test(t)) throw new XmlRpcFormatError(`bad <${typed.name}> '${t.slice(0, 40)}'`);
      return Number(t);
    }
    case 'boolean': {
      const t = textOf(typed).trim();
      if (t !== '0' && t !== '1') throw new XmlRpcFormatError(`bad <boolean> '${t.slice(0, 40)}'`);
      return t === '1';
    }
    case 'double': {
      const t = textOf(typed).trim();
      const x = Number(t);
      if (t === '' || !Number.isFinite(x)) throw new XmlRpcFormatError(`bad <double> '${t.slice(0, 40)}'`);
      return x;
    }
    case 'nil':
      return null;
    case 'base64':
    case 'dateTime.iso8601':
      return textOf(typed).trim();
    case 'array': {
      const data = only(typed, 'data');
      return elementChildren(data).map(decodeValue);
    }
    case 'struct': {
      const out: Record<string, XmlRpcValue> = {};
      for (const member of elementChildren(typed)) {
        if (member.name !== 'member') throw new XmlRpcFormatError(`<struct> holds <${member.name}>`);
        const parts = elementChildren(member);
        const name = parts.find((p) => p.name === 'name');
        const value = parts.find((p) => p.name === 'value');
        if (!name || !value || parts.length !== 2) throw new XmlRpcFormatError('<member> needs one <name> and one <value>');
        // defineProperty: a member named __proto__ stays data, never a prototype.
        Object.defineProperty(out, textOf(name), { value: decodeValue(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      throw new XmlRpcFormatError(`unknown XML-RPC type <${typed.name}>`);
  }
}

function parse(xml: string): XmlElement {
  try {
    return parseXml(xml);
  } catch (err) {
    if (err instanceof XmlError) throw new XmlRpcFormatError(`not XML-RPC: ${err.message}`);
    throw err;
  }
}

function paramsOf(el: XmlElement | undefined): XmlRpcValue[] {
  if (!el) return [];
  return elementChildren(el).map((p) => {
    if (p.name !== 'param') throw new XmlRpcFormatError(`<params> holds <${p.name}>`);
    return decodeValue(only(p, 'value'));
  });
}

export interface XmlRpcCall {
  method: string;
  params: XmlRpcValue[];
}

export function decodeCall(xml: string): XmlRpcCall {
  const root = parse(xml);
  if (root.name !== 'methodCall') throw new XmlRpcFormatError(`expected <methodCall>, got <${root.name}>`);
  const kids = elementChildren(root);
  const name = kids.find((k) => k.name === 'methodName');
  if (!name) throw new XmlRpcFormatError('<methodCall> without <methodName>');
  const method = textOf(name).trim();
  if (!/^[A-Za-z0-9_.:/-]{1,200}$/.test(method)) throw new XmlRpcFormatError('bad method name');
  return { method, params: paramsOf(kids.find((k) => k.name === 'params')) };
}

/** The value of a methodResponse; a fault is thrown as XmlRpcFault. */
export function decodeResponse(xml: string): XmlRpcValue {
  const root = parse(xml);
  if (root.name !== 'methodResponse') throw new XmlRpcFormatError(`expected <methodResponse>, got <${root.name}>`);
  const kid = elementChildren(root)[0];
  if (!kid) throw new XmlRpcFormatError('empty <methodResponse>');
  if (kid.name === 'fault') {
    const v = decodeValue(only(kid, 'value'));
    const f = v && typeof v === 'object' && !Array.isArray(v) ? v : {};
    const code = Number(f.faultCode);
    throw new XmlRpcFault(Number.isFinite(code) ? code : 0, String(f.faultString ?? 'fault'));
  }
  if (kid.name !== 'params') throw new XmlRpcFormatError(`<methodResponse> holds <${kid.name}>`);
  const params = paramsOf(kid);
  if (params.length !== 1) throw new XmlRpcFormatError('a response carries exactly one value');
  return params[0]!;
}
