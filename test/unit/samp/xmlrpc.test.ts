/**
 * The XML-RPC codec: what Python's xmlrpc.client writes decodes to the same values (checked
 * against /usr/bin/python3's own encoder and decoder, both ways), and hostile or malformed
 * documents are refused with typed errors.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCall, decodeResponse, encodeCall, encodeFault, encodeResponse, XmlRpcFault, XmlRpcFormatError } from '../../../electron/host/samp/xmlrpc.js';
import { parseXml, XmlError } from '../../../electron/host/samp/xml-tree.js';
import { runPython } from '../../helpers/python.js';

const sample = {
  'samp.mtype': 'image.load.fits',
  'samp.params': { url: 'file:///tmp/a&b <c>.fits', name: 'Ünïcode ★', 'image-id': '' },
  list: ['1', ['nested', { k: 'v' }]],
};

describe('XML-RPC codec', () => {
  it("reads what Python's xmlrpc.client writes (strings, ints, booleans, doubles, nil, nested)", () => {
    const xml = runPython<{ call: string; resp: string; fault: string }>(
      `import sys, json, xmlrpc.client as x
v = json.load(sys.stdin)
call = x.dumps(("secret", v, 42, True, 2.5, None), methodname="samp.hub.notify", allow_none=True)
resp = x.dumps((v,), methodresponse=True)
fault = x.dumps(x.Fault(5, "Private-key k expired"), methodresponse=True)
print(json.dumps({"call": call, "resp": resp, "fault": fault}))`,
      sample,
    );
    const call = decodeCall(xml.call);
    assert.equal(call.method, 'samp.hub.notify');
    assert.deepEqual(call.params, ['secret', sample, 42, true, 2.5, null]);
    assert.deepEqual(decodeResponse(xml.resp), sample);
    assert.throws(() => decodeResponse(xml.fault), (e: unknown) => e instanceof XmlRpcFault && e.faultCode === 5 && /expired/.test(e.faultString));
  });

  it('writes what Python reads back unchanged', () => {
    const back = runPython<{ method: string; params: unknown[]; resp: unknown; fault: string }>(
      `import sys, json, xmlrpc.client as x
d = json.load(sys.stdin)
params, method = x.loads(d["call"])
resp = x.loads(d["resp"])[0][0]
try:
    x.loads(d["fault"])
    fault = "none"
except x.Fault as f:
    fault = f"{f.faultCode}:{f.faultString}"
print(json.dumps({"method": method, "params": list(params), "resp": resp, "fault": fault}))`,
      { call: encodeCall('samp.client.receiveCall', ['pk', 'c1', sample]), resp: encodeResponse(sample), fault: encodeFault(3, 'no <way> & none') },
    );
    assert.equal(back.method, 'samp.client.receiveCall');
    assert.deepEqual(back.params, ['pk', 'c1', sample]);
    assert.deepEqual(back.resp, sample);
    assert.equal(back.fault, '3:no <way> & none');
  });

  it('takes untyped <value> text as a string and keeps white space inside strings', () => {
    const r = decodeResponse('<?xml version="1.0"?><methodResponse><params><param><value>  spaced &amp; &#65;&#x42; </value></param></params></methodResponse>');
    assert.equal(r, '  spaced & AB ');
  });

  it('refuses DOCTYPEs (no entity expansion), unknown entities and malformed documents', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><methodCall><methodName>&a;</methodName></methodCall>';
    assert.throws(() => decodeCall(bomb), XmlRpcFormatError);
    assert.throws(() => parseXml('<a>&ext;</a>'), XmlError);
    assert.throws(() => parseXml('<a><b></a></b>'), XmlError);
    assert.throws(() => parseXml('<a>x & y</a>'), XmlError);
    assert.throws(() => parseXml('<a>'), XmlError);
    assert.throws(() => parseXml('<a/><b/>'), XmlError);
    assert.throws(() => parseXml('<' + 'a>'.repeat(1) + '<a>'.repeat(100) + '</a>'.repeat(101)), XmlError);
    assert.throws(() => decodeCall('<methodCall><params/></methodCall>'), XmlRpcFormatError);
    assert.throws(() => decodeResponse('<methodResponse><params><param><value><int>12x</int></value></param></params></methodResponse>'), XmlRpcFormatError);
    assert.throws(() => decodeResponse('<methodResponse><params><param><value><frob/></value></param></params></methodResponse>'), XmlRpcFormatError);
    assert.throws(() => decodeResponse('not xml at all'), XmlRpcFormatError);
  });
});

describe('XML-RPC structs', () => {
  it('keep a member named __proto__ as plain data', () => {
    const v = decodeResponse('<methodResponse><params><param><value><struct><member><name>__proto__</name><value>x</value></member></struct></value></param></params></methodResponse>') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});
