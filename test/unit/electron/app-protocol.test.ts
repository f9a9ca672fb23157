import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { resolveAppUrl, mimeTypeOf } from '../../../electron/shell/app-protocol.js';
import { contentSecurityPolicy } from '../../../electron/shell/csp.js';

const root = resolve('/opt/nightdeck/renderer');

test('app:// URLs map to files inside the renderer folder', () => {
  assert.equal(resolveAppUrl('app://nightdeck/', root), join(root, 'index.html'));
  assert.equal(resolveAppUrl('app://nightdeck/assets/index-abc.js', root), join(root, 'assets/index-abc.js'));
});

test('app:// URLs that escape the renderer folder or name another host are refused', () => {
  for (const url of [
    'app://nightdeck/../../etc/passwd',
    'app://nightdeck/%2e%2e/%2e%2e/etc/passwd',
    'app://nightdeck/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://nightdeck/a%5c..%5c..%5csecret',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url',
  ]) {
    const file = resolveAppUrl(url, root);
    assert.ok(file === null || file.startsWith(root + '/'), `${url} → ${file}`);
    if (url.includes('other') || url.startsWith('file') || url === 'not a url') assert.equal(file, null, url);
  }
});

test('files get the right content types', () => {
  assert.match(mimeTypeOf('a.js'), /javascript/);
  assert.match(mimeTypeOf('a.html'), /text\/html/);
  assert.equal(mimeTypeOf('a.unknown'), 'application/octet-stream');
});

test('the CSP allows only the app itself to run scripts and forbids plugins and framing', () => {
  const csp = contentSecurityPolicy();
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.doesNotMatch(csp.match(/script-src[^;]*/)![0], /unsafe-inline/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /default-src 'self'/);
});
