/**
 * API keys: `ndk_<key id>_<secret>`. Only the key id (for lookup) and a salted scrypt
 * hash of the secret are stored; checks compare hashes in constant time.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface IssuedKey {
  /** The whole key, shown to the user once. */
  apiKey: string;
  keyId: string;
  salt: Buffer;
  hash: Buffer;
}

// 256-bit random secrets need no slow hash for strength; scrypt (N=2^14) keeps a
// leaked database useless even so, at ~30 ms per check.
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const HASH_BYTES = 32;
const KEY_RE = /^ndk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function hashSecret(secret: string, salt: Buffer): Buffer {
  return scryptSync(secret, salt, HASH_BYTES, SCRYPT);
}

export function issueKey(): IssuedKey {
  const keyId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  return { apiKey: `ndk_${keyId}_${secret}`, keyId, salt, hash: hashSecret(secret, salt) };
}

/** Splits a presented key into id and secret, or null when it is not one of ours. */
export function splitKey(apiKey: string): { keyId: string; secret: string } | null {
  const m = KEY_RE.exec(apiKey);
  return m ? { keyId: m[1]!, secret: m[2]! } : null;
}

export function secretMatches(secret: string, salt: Buffer, hash: Buffer): boolean {
  const candidate = hashSecret(secret, salt);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

/**
 * The key in an Authorization header: `FPS_API APIKEY=<key>` (any case, spaces around
 * '=' allowed, optional quotes) or `Bearer <key>`. Null for anything else.
 */
export function keyFromAuthorization(header: string | undefined | null): string | null {
  if (!header) return null;
  const text = header.trim();
  const fps = /^FPS_API\s+APIKEY\s*=\s*"?([^"\s]+)"?$/i.exec(text);
  if (fps) return fps[1]!;
  const bearer = /^Bearer\s+(\S+)$/i.exec(text);
  return bearer ? bearer[1]! : null;
}
