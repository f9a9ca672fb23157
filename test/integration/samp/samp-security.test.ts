/**
 * SAMP and remote HTTP clients: a host bound beyond loopback never speaks SAMP (it does not
 * register, and every SAMP operation is refused), and on loopback with --auth the SAMP
 * operations need an admin's key. Against astropy's hub (the hub is there: refusal is policy).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython } from '../../helpers/python.js';
import { PythonSamp } from '../../helpers/samp/python-samp.js';
import { api, startTestServer, type TestServer } from '../host/host-fixtures.js';
import { serveSampPolicy } from '../../../electron/host/samp/policy.js';

describe('SAMP behind an authenticated HTTP server', () => {
  let tmp: { dir: string; cleanup: () => void };
  let home: string;
  let py: PythonSamp;

  before(async () => {
    requirePython('astropy');
    tmp = makeTempDir('nightdeck-samp-sec-');
    home = join(tmp.dir, 'home');
    mkdirSync(home);
    py = new PythonSamp(home);
    await py.ready;
    await py.send({ cmd: 'hub_start' });
    await py.send({ cmd: 'client_connect', name: 'PyViewer' });
  });

  after(async () => {
    await py?.close();
    tmp?.cleanup();
  });

  const names = async (): Promise<string[]> => ((await py.send({ cmd: 'clients' })) as unknown as { clients: { name: string }[] }).clients.map((c) => c.name);

  it('a host bound to a non-loopback address keeps SAMP off, even with --auth', async () => {
    // The decision `nightdeck serve --host 0.0.0.0 --auth --samp` takes; the test server itself stays on 127.0.0.1.
    const decision = serveSampPolicy({ samp: true, bindAddress: '0.0.0.0', auth: true });
    const s: TestServer = await startTestServer({ env: { HOME: home, NIGHTDECK_AUTO_ANALYSE: '0' }, samp: decision }, { auth: true });
    try {
      const users = s.host.services.users as unknown as { add(u: object): { apiKey: string } };
      const admin = users.add({ username: 'adm', email: 'a@example.org', first: 'A', last: 'D', role: 'admin' }).apiKey;
      const auth = { authorization: `Bearer ${admin}` };
      assert.ok(!(await names()).includes('NightDeck'), 'never registered');
      const status = await api(s.url, 'getSampStatus', {}, auth);
      assert.equal(status.json.result.enabled, false);
      assert.match(status.json.result.problem, /not loopback/);
      for (const [op, body] of [['listSampClients', {}], ['sendToSamp', { id: 1 }], ['sendSampPointAt', { ra: 1, dec: 2 }]] as const) {
        const r = await api(s.url, op, body, auth);
        assert.equal(r.status, 403, `${op}: ${JSON.stringify(r.json)}`);
        assert.equal(r.json.error.code, 'SAMP_DISABLED');
      }
      assert.equal((await api(s.url, 'getSampStatus', {})).status, 401, 'no key, no status');
    } finally {
      await s.cleanup();
    }
  });

  it('on loopback with --auth, SAMP operations need an admin key', async () => {
    const decision = serveSampPolicy({ samp: true, bindAddress: '127.0.0.1', auth: true });
    const s: TestServer = await startTestServer({ env: { HOME: home, NIGHTDECK_AUTO_ANALYSE: '0' }, samp: decision }, { auth: true });
    try {
      assert.ok((await names()).includes('NightDeck'), 'registered');
      const users = s.host.services.users as unknown as { add(u: object): { apiKey: string } };
      const admin = users.add({ username: 'adm', email: 'a@example.org', first: 'A', last: 'D', role: 'admin' }).apiKey;
      const observer = users.add({ username: 'obs', email: 'o@example.org', first: 'O', last: 'B', role: 'observer' }).apiKey;
      const denied = await api(s.url, 'listSampClients', {}, { authorization: `Bearer ${observer}` });
      assert.equal(denied.status, 403);
      assert.equal(denied.json.error.code, 'FORBIDDEN');
      assert.equal((await api(s.url, 'sendSampPointAt', { ra: 1, dec: 2 }, { authorization: `Bearer ${observer}` })).status, 403);
      const allowed = await api(s.url, 'listSampClients', {}, { authorization: `Bearer ${admin}` });
      assert.equal(allowed.status, 200);
      assert.deepEqual(
        allowed.json.result.clients.map((c: { name: string }) => c.name),
        ['PyViewer'],
      );
    } finally {
      await s.cleanup();
    }
    assert.ok(!(await names()).includes('NightDeck'), 'unregistered when the host closed');
  });
});
