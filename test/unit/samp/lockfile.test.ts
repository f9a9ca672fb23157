/** Hub discovery: SAMP_HUB std-lockurl or ~/.samp, the lockfile's keys, and the loopback-only rule. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { discoverHub, isLoopbackHttpUrl, lockfilePath, parseLockfile } from '../../../electron/host/samp/lockfile.js';
import { serveSampPolicy } from '../../../electron/host/samp/policy.js';
import { makeTempDir } from '../../helpers/tmp.js';

const LOCK = `# SAMP lockfile written on 2026-12-06T02:00:00
# Standard Profile required keys
samp.secret=1234abcd5678
samp.hub.xmlrpc.url=http://127.0.0.1:45123
samp.profile.version=1.3
garbage line without equals
hub.label=Hub 1
`;

describe('SAMP hub discovery', () => {
  it('uses ~/.samp, or the file: lockurl of SAMP_HUB', () => {
    assert.deepEqual(lockfilePath({ HOME: '/home/obs' }), { path: '/home/obs/.samp', problem: null });
    assert.deepEqual(lockfilePath({ HOME: '/home/obs', SAMP_HUB: 'std-lockurl:file:///tmp/my%20hub.lock' }), { path: '/tmp/my hub.lock', problem: null });
    assert.match(lockfilePath({ SAMP_HUB: 'std-lockurl:http://127.0.0.1/lock' }).problem ?? '', /file: URL/);
    assert.match(lockfilePath({ SAMP_HUB: 'web-profile' }).problem ?? '', /other than the Standard Profile/);
  });

  it('reads the keys it needs, ignoring comments and stray lines', () => {
    const hub = parseLockfile(LOCK, '/x/.samp');
    assert.equal(hub.secret, '1234abcd5678');
    assert.equal(hub.xmlrpcUrl, 'http://127.0.0.1:45123');
    assert.equal(hub.profileVersion, '1.3');
    assert.equal(hub.entries['hub.label'], 'Hub 1');
    assert.throws(() => parseLockfile('samp.hub.xmlrpc.url=http://127.0.0.1:1\n', 'f'), /no samp.secret/);
    assert.throws(() => parseLockfile('samp.secret=x\n', 'f'), /no samp.hub.xmlrpc.url/);
  });

  it('refuses a hub that is not on the loopback interface', () => {
    for (const url of ['http://127.0.0.1:1/', 'http://localhost:80', 'http://[::1]:9/xmlrpc', 'http://127.1.2.3:5']) assert.ok(isLoopbackHttpUrl(url), url);
    for (const url of ['http://192.168.1.4:1/', 'https://127.0.0.1:1', 'http://example.org', 'http://127.0.0.1.evil.org/', 'file:///x']) assert.ok(!isLoopbackHttpUrl(url), url);
    assert.throws(() => parseLockfile(LOCK.replace('127.0.0.1', '10.0.0.7'), 'f'), /not on the loopback interface/);
  });

  it('reports no lockfile quietly and a broken one with a reason', async () => {
    const tmp = makeTempDir();
    try {
      assert.deepEqual(await discoverHub({ HOME: tmp.dir }), { found: false, lockfile: join(tmp.dir, '.samp'), problem: null });
      writeFileSync(join(tmp.dir, '.samp'), 'nothing useful\n');
      const broken = await discoverHub({ HOME: tmp.dir });
      assert.equal(broken.found, false);
      assert.match(!broken.found ? (broken.problem ?? '') : '', /no samp.secret/);
      const other = join(tmp.dir, 'other.lock');
      writeFileSync(other, LOCK);
      const found = await discoverHub({ HOME: tmp.dir, SAMP_HUB: `std-lockurl:${pathToFileURL(other).href}` });
      assert.ok(found.found && found.hub.xmlrpcUrl === 'http://127.0.0.1:45123');
    } finally {
      tmp.cleanup();
    }
  });
});

describe('when nightdeck serve speaks SAMP', () => {
  it('only with --samp, only on loopback, and with --auth only for admins', () => {
    assert.equal(serveSampPolicy({ samp: false, bindAddress: '127.0.0.1', auth: false }).enabled, false);
    assert.deepEqual(serveSampPolicy({ samp: true, bindAddress: '127.0.0.1', auth: false }), { enabled: true, requireAdmin: false });
    assert.deepEqual(serveSampPolicy({ samp: true, bindAddress: '::1', auth: true }), { enabled: true, requireAdmin: true });
    const remote = serveSampPolicy({ samp: true, bindAddress: '0.0.0.0', auth: true });
    assert.equal(remote.enabled, false);
    assert.match(remote.reason ?? '', /not loopback/);
  });
});
