import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { encoding: 'utf8' });

test('an unknown command exits 2 with one line naming it', () => {
  const r = cli('no-such-command');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^USAGE: unknown command 'no-such-command'/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('help lists the available commands and exits 0', () => {
  const r = cli('help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Usage: nightdeck <command>/);
});

test('an unknown option is a usage error (exit 2, USAGE line, the usage shown), not a stack trace', () => {
  for (const args of [['info', '--bogus', 'x.fits'], ['user', 'add', '--nope'], ['stats', 'x.fits', '--region']]) {
    const r = cli(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^USAGE: /, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack');
  }
});
