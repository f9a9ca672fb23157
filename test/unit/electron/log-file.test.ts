import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDesktopLogger, rotateLog } from '../../../electron/shell/log-file.js';
import { makeTempDir } from '../../helpers/tmp.js';

test('the desktop log is written to logs/ in the data directory, one JSON line per event, secrets censored', () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const file = join(dir, 'logs', 'desktop.log');
    const logger = createDesktopLogger(file, { stderr: false, level: 'info' });
    logger.info({ credentials: { secretAccessKey: 'SECRET' } }, 'host started');
    logger.debug('not at info level');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.equal(lines[0].msg, 'host started');
    assert.doesNotMatch(readFileSync(file, 'utf8'), /SECRET/);
    // A second run appends.
    createDesktopLogger(file, { stderr: false }).warn('second run');
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 2);
  } finally {
    cleanup();
  }
});

test('an oversized log is moved aside once at start, keeping one older copy', () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const file = join(dir, 'desktop.log');
    writeFileSync(file, 'x'.repeat(100));
    assert.equal(rotateLog(file, 1000), false);
    assert.equal(rotateLog(file, 50), true);
    assert.equal(existsSync(file), false);
    assert.equal(readFileSync(`${file}.1`, 'utf8').length, 100);
    createDesktopLogger(file, { stderr: false, maxBytes: 50 }).info('fresh');
    assert.match(readFileSync(file, 'utf8'), /fresh/);
  } finally {
    cleanup();
  }
});
