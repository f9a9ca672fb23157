import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { makeTempDir } from '../../helpers/tmp.js';
import { openDatabase, type Db } from '../../../electron/host/store/db.js';
import { UserStore } from '../../../electron/host/store/users.js';
import { createLogger } from '../../../electron/host/logger.js';
import { REPO } from './fixtures.js';

/** Every byte NightDeck wrote for the database (main file, WAL, shared memory, backups). */
function databaseBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).filter((f) => f.includes('.db')).map((f) => readFileSync(join(dir, f))));
}

describe('users and API keys', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let users: UserStore;
  const logLines: string[] = [];
  before(() => {
    tmp = makeTempDir('nightdeck-users-');
    db = openDatabase(join(tmp.dir, 'nightdeck.db'));
    const sink = new Writable({ write: (chunk, _enc, cb) => (logLines.push(String(chunk)), cb()) });
    users = new UserStore(db, { log: createLogger({ level: 'debug', destination: sink }) });
  });
  after(() => {
    db.close();
    tmp.cleanup();
  });

  test('both header forms are accepted: FPS_API APIKEY=<key> (any case, spaces around =) and Bearer <key>', () => {
    const { user, apiKey } = users.add({ username: 'ana', email: 'ana@example.org', first: 'Ana', last: 'Lopez', role: 'admin' });
    assert.equal(user.role, 'admin');
    for (const header of [`FPS_API APIKEY=${apiKey}`, `FPS_API apikey = ${apiKey}`, `fps_api ApiKey= ${apiKey}`, `Bearer ${apiKey}`, `bearer ${apiKey}`]) {
      assert.equal(users.authenticate(header)?.username, 'ana', header);
    }
  });

  test('wrong, malformed, unknown and missing keys are refused', () => {
    const { apiKey } = users.add({ username: 'ben', email: 'ben@example.org', first: 'Ben', last: 'Ng', role: 'observer' });
    const last = apiKey.at(-1) === 'A' ? 'B' : 'A';
    const tampered = apiKey.slice(0, -1) + last;
    const otherId = apiKey.replace(/^ndk_[0-9a-f]{12}/, 'ndk_000000000000');
    for (const header of [`Bearer ${tampered}`, `Bearer ${otherId}`, 'Bearer ndk_short', `Basic ${apiKey}`, `FPS_API ${apiKey}`, '', undefined]) {
      assert.equal(users.authenticate(header), null, String(header));
    }
  });

  test('a revoked user is refused and a rotated-out key stops working while the new one works', () => {
    const { apiKey: first } = users.add({ username: 'cai', email: 'cai@example.org', first: 'Cai', last: 'Wu', role: 'admin' });
    const second = users.rotate('cai');
    assert.notEqual(second, first);
    assert.equal(users.authenticate(`Bearer ${first}`), null);
    assert.equal(users.authenticate(`Bearer ${second}`)?.username, 'cai');
    users.revoke('cai');
    assert.equal(users.authenticate(`Bearer ${second}`), null);
    assert.ok(users.find('cai')?.revokedAt);
    assert.throws(() => users.rotate('cai'), { code: 'BAD_ARGUMENT' });
    assert.throws(() => users.revoke('nobody'), { code: 'NOT_FOUND' });
  });

  test('last-used time is recorded on a successful authentication only', () => {
    const { apiKey } = users.add({ username: 'dee', email: 'dee@example.org', first: 'Dee', last: 'Ray', role: 'observer' });
    assert.equal(users.find('dee')?.lastUsedAt, null);
    users.authenticate(`Bearer ${apiKey.slice(0, -2)}xx`);
    assert.equal(users.find('dee')?.lastUsedAt, null);
    users.authenticate(`Bearer ${apiKey}`);
    assert.ok(users.find('dee')?.lastUsedAt);
  });

  test('duplicate usernames and invalid fields are typed errors', () => {
    assert.throws(() => users.add({ username: 'ana', email: 'x@y.z', first: 'A', last: 'B', role: 'observer' }), { code: 'CONFLICT' });
    assert.throws(() => users.add({ username: 'bad name', email: 'nope', first: '', last: 'B', role: 'root' as 'admin' }), { code: 'BAD_ARGUMENT' });
  });

  test('a key never appears in clear in the database files or in the logs', () => {
    const { apiKey } = users.add({ username: 'eve', email: 'eve@example.org', first: 'Eve', last: 'Kim', role: 'admin' });
    const rotated = users.rotate('eve');
    users.authenticate(`FPS_API APIKEY=${rotated}`);
    users.authenticate(`Bearer ${apiKey}`); // refused: rotated out
    const secrets = [apiKey, rotated].map((k) => k.split('_').slice(2).join('_'));
    db.pragma('wal_checkpoint(PASSIVE)');
    const bytes = databaseBytes(tmp.dir);
    assert.ok(bytes.includes(Buffer.from('eve@example.org')), 'the scan does see the database contents');
    for (const s of secrets) {
      assert.equal(bytes.includes(Buffer.from(s)), false, 'secret in database bytes');
      assert.equal(bytes.includes(Buffer.from(s, 'base64url')), false, 'raw secret bytes in database');
    }
    const logs = logLines.join('');
    assert.match(logs, /user\.added/);
    for (const s of secrets) assert.equal(logs.includes(s), false, 'secret in logs');
  });
});

describe('nightdeck user (CLI)', () => {
  test('user add prints the key alone on the last line and that key authenticates; the files never hold it', () => {
    const tmp = makeTempDir('nightdeck-user-cli-');
    try {
      const home = join(tmp.dir, 'home');
      const env = { ...process.env, NIGHTDECK_HOME: home };
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { cwd: REPO, env, encoding: 'utf8' });
      const added = cli('user', 'add', '-u', 'night1', '-e', 'n1@example.org', 'Nora', 'Vance', '--role', 'admin');
      assert.equal(added.status, 0, added.stderr);
      const lines = added.stdout.trimEnd().split('\n');
      const key = lines.at(-1)!;
      assert.match(key, /^ndk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      assert.equal(lines.filter((l) => l.includes(key)).length, 1, 'printed once');
      assert.equal(added.stderr.includes(key), false);
      const listed = cli('user', 'list');
      assert.match(listed.stdout, /night1\tadmin\tn1@example.org/);
      assert.equal(listed.stdout.includes(key), false);
      const dup = cli('user', 'add', '-u', 'night1', '-e', 'n1@example.org', 'Nora', 'Vance');
      assert.equal(dup.status, 1);
      assert.match(dup.stderr, /^CONFLICT: /);
      const db = openDatabase(join(home, 'nightdeck.db'));
      try {
        assert.equal(new UserStore(db).authenticate(`FPS_API APIKEY=${key}`)?.username, 'night1');
      } finally {
        db.close();
      }
      assert.equal(databaseBytes(home).includes(Buffer.from(key.slice(17))), false);
    } finally {
      tmp.cleanup();
    }
  });
});
