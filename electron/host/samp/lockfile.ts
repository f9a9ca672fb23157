/**
 * Hub discovery (SAMP 1.3 Standard Profile §3.3): `SAMP_HUB=std-lockurl:<url>` names the
 * lockfile, else it is `.samp` in the user's home directory. The lockfile holds
 * `key=value` lines (`#` comments); `samp.secret` and `samp.hub.xmlrpc.url` are required.
 * NightDeck only follows a `file:` lockurl and only talks to a hub on the loopback interface.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HubLocation {
  /** Where the lockfile is (for messages; never the secret). */
  lockfile: string;
  secret: string;
  xmlrpcUrl: string;
  profileVersion: string | null;
  /** Every key of the lockfile (the secret included: do not log). */
  entries: Record<string, string>;
}

export type Discovery =
  | { found: true; hub: HubLocation }
  /** `problem` says why no hub can be used; null = simply no lockfile (no hub running). */
  | { found: false; lockfile: string | null; problem: string | null };

export class LockfileError extends Error {
  readonly code = 'BAD_LOCKFILE';
  constructor(message: string) {
    super(message);
    this.name = 'LockfileError';
  }
}

/** Where to look: the SAMP_HUB lockurl, else ~/.samp (HOME from the given environment). */
export function lockfilePath(env: NodeJS.ProcessEnv): { path: string | null; problem: string | null } {
  const hub = env.SAMP_HUB?.trim();
  if (hub) {
    if (!hub.startsWith('std-lockurl:')) return { path: null, problem: `SAMP_HUB names a profile other than the Standard Profile` };
    const url = hub.slice('std-lockurl:'.length);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { path: null, problem: `SAMP_HUB lockurl is not a URL` };
    }
    if (parsed.protocol !== 'file:') return { path: null, problem: `SAMP_HUB lockurl must be a file: URL (got ${parsed.protocol})` };
    return { path: fileURLToPath(parsed), problem: null };
  }
  const home = env.HOME || env.USERPROFILE || homedir();
  return { path: join(home, '.samp'), problem: null };
}

/** Whether an http URL points at this machine's loopback interface. */
export function isLoopbackHttpUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:') return false;
  const h = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Parses lockfile text; throws LockfileError when it cannot name a usable hub. */
export function parseLockfile(text: string, where: string): HubLocation {
  const entries: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z0-9._-]+)=(.*)$/.exec(line);
    if (!m) continue; // the standard says to ignore lines it does not describe
    entries[m[1]!] = m[2]!;
  }
  const secret = entries['samp.secret'];
  const xmlrpcUrl = entries['samp.hub.xmlrpc.url'];
  if (!secret) throw new LockfileError(`lockfile ${where} has no samp.secret`);
  if (!xmlrpcUrl) throw new LockfileError(`lockfile ${where} has no samp.hub.xmlrpc.url`);
  if (!isLoopbackHttpUrl(xmlrpcUrl)) throw new LockfileError(`lockfile ${where} names a hub that is not on the loopback interface; refused`);
  return { lockfile: where, secret, xmlrpcUrl, profileVersion: entries['samp.profile.version'] ?? null, entries };
}

/** Finds the hub's lockfile and reads it. */
export async function discoverHub(env: NodeJS.ProcessEnv): Promise<Discovery> {
  const { path, problem } = lockfilePath(env);
  if (!path) return { found: false, lockfile: null, problem };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { found: false, lockfile: path, problem: null };
    return { found: false, lockfile: path, problem: `cannot read lockfile ${path}: ${code ?? (err as Error).message}` };
  }
  try {
    return { found: true, hub: parseLockfile(text, path) };
  } catch (err) {
    return { found: false, lockfile: path, problem: (err as Error).message };
  }
}
