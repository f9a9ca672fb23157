/**
 * Who may reach the host: it binds 127.0.0.1 by default; any other address needs either
 * `--auth` (every route then needs an API key) or an explicit `--insecure`.
 */
import { isIP } from 'node:net';
import { HostError } from '../errors.js';

export function isLoopback(address: string): boolean {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (a === 'localhost') return true;
  if (isIP(a) === 4) return a.startsWith('127.');
  if (a === '::1') return true;
  if (a.startsWith('::ffff:')) return isLoopback(a.slice(7));
  return false;
}

export function checkBindPolicy(address: string, opts: { auth: boolean; insecure: boolean }): void {
  if (isLoopback(address) || opts.auth || opts.insecure) return;
  throw new HostError(
    'FORBIDDEN',
    `refusing to bind ${address}: only loopback addresses are served without --auth (API keys required) or --insecure`,
  );
}
