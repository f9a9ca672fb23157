/**
 * API-key authentication for the HTTP transport. With `--auth` every data route needs a
 * user's key: `Authorization: FPS_API APIKEY=<key>` or `Bearer <key>`; browsers' WebSocket
 * and <img> requests, which cannot set headers, may pass `?apikey=<key>` instead.
 * The key never reaches a log: the server logs paths only, never query strings or headers.
 */
import type { IncomingMessage } from 'node:http';
import type { AuthUser, UsersPort } from '../services.js';
import { HostError } from '../errors.js';

export function authorizationOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header) return header;
  const key = new URL(req.url ?? '/', 'http://localhost').searchParams.get('apikey');
  return key ? `Bearer ${key}` : undefined;
}

/** The authenticated user, or a typed 401 error. */
export function requireUser(users: UsersPort, req: IncomingMessage): AuthUser {
  const header = authorizationOf(req);
  if (!header) throw new HostError('UNAUTHORIZED', 'an API key is required (Authorization: FPS_API APIKEY=<key> or Bearer <key>)');
  const user = users.authenticate(header);
  if (!user) throw new HostError('UNAUTHORIZED', 'the API key is not valid');
  return user;
}
