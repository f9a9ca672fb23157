/**
 * Users who may reach the console remotely or change the focal plane, and their API
 * keys. A key is printed once when issued; the database keeps only its salted hash.
 */
import type { Db } from './db.js';
import { StoreError } from './errors.js';
import { issueKey, keyFromAuthorization, secretMatches, splitKey, hashSecret } from './api-keys.js';

export type UserRole = 'observer' | 'admin';

export interface User {
  id: number;
  username: string;
  email: string;
  first: string;
  last: string;
  role: UserRole;
  createdAt: string;
  /** Set once the user is revoked: every key of theirs is refused. */
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface NewUser {
  username: string;
  email: string;
  first: string;
  last: string;
  role: UserRole;
}

/** Where the store reports what happened (a pino logger fits); never given a key. */
export interface StoreLog {
  info(obj: object, msg?: string): void;
}

interface UserRow {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  role: UserRole;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    email: r.email,
    first: r.first_name,
    last: r.last_name,
    role: r.role,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

const DUMMY_SALT = Buffer.alloc(16);

function validateNewUser(u: NewUser): void {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(u.username ?? '')) problems.push(`username '${u.username}' (letters, digits, . _ -; at most 64)`);
  if (!/^[^\s@]+@[^\s@]+$/.test(u.email ?? '')) problems.push(`email '${u.email}'`);
  if (!u.first?.trim()) problems.push('first name is empty');
  if (!u.last?.trim()) problems.push('last name is empty');
  if (u.role !== 'observer' && u.role !== 'admin') problems.push(`role '${String(u.role)}' (observer or admin)`);
  if (problems.length) throw new StoreError('BAD_ARGUMENT', `invalid user: ${problems.join('; ')}`);
}

export class UserStore {
  private readonly now: () => Date;
  private readonly log: StoreLog | undefined;

  constructor(
    private readonly db: Db,
    opts: { now?: () => Date; log?: StoreLog } = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log;
  }

  /** Creates a user and their first key; the key is returned here and never again. */
  add(input: NewUser): { user: User; apiKey: string } {
    validateNewUser(input);
    const issued = issueKey();
    const user = this.db
      .transaction(() => {
        if (this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username)) {
          throw new StoreError('CONFLICT', `user '${input.username}' already exists`);
        }
        const nowIso = this.now().toISOString();
        const { lastInsertRowid } = this.db
          .prepare('INSERT INTO users (username, email, first_name, last_name, role, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(input.username, input.email, input.first.trim(), input.last.trim(), input.role, nowIso);
        this.insertKey(Number(lastInsertRowid), issued, nowIso);
        return this.mustFind(input.username);
      })
      .immediate();
    this.log?.info({ event: 'user.added', username: user.username, role: user.role, keyId: issued.keyId }, 'user added');
    return { user, apiKey: issued.apiKey };
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
  }

  find(username: string): User | null {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  /** Replaces every key of the user with a new one, returned once. */
  rotate(username: string): string {
    const issued = issueKey();
    this.db
      .transaction(() => {
        const user = this.mustFind(username);
        if (user.revokedAt) throw new StoreError('BAD_ARGUMENT', `user '${username}' is revoked`);
        const nowIso = this.now().toISOString();
        this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(nowIso, user.id);
        this.insertKey(user.id, issued, nowIso);
      })
      .immediate();
    this.log?.info({ event: 'user.keyRotated', username, keyId: issued.keyId }, 'API key rotated');
    return issued.apiKey;
  }

  /** Refuses the user from now on (their keys are revoked too). */
  revoke(username: string): User {
    const user = this.db
      .transaction(() => {
        const found = this.mustFind(username);
        const nowIso = this.now().toISOString();
        this.db.prepare('UPDATE users SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(nowIso, found.id);
        this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(nowIso, found.id);
        return this.mustFind(username);
      })
      .immediate();
    this.log?.info({ event: 'user.revoked', username }, 'user revoked');
    return user;
  }

  /**
   * The user an Authorization header belongs to (`FPS_API APIKEY=<key>` or `Bearer <key>`),
   * or null for a missing, malformed, unknown, wrong, rotated-out or revoked key.
   */
  authenticate(authorizationHeader: string | undefined): User | null {
    const key = keyFromAuthorization(authorizationHeader);
    const parts = key ? splitKey(key) : null;
    if (!parts) return null;
    const row = this.db
      .prepare(
        `SELECT k.salt, k.hash, k.revoked_at AS key_revoked, u.* FROM api_keys k JOIN users u ON u.id = k.user_id
         WHERE k.key_id = ?`,
      )
      .get(parts.keyId) as (UserRow & { salt: Buffer; hash: Buffer; key_revoked: string | null }) | undefined;
    if (!row) {
      hashSecret(parts.secret, DUMMY_SALT); // same work as a real check: unknown ids do not answer faster
      return null;
    }
    const ok = secretMatches(parts.secret, row.salt, row.hash);
    if (!ok || row.key_revoked || row.revoked_at) {
      this.log?.info({ event: 'auth.refused', keyId: parts.keyId, reason: ok ? 'revoked' : 'wrong key' }, 'API key refused');
      return null;
    }
    const nowIso = this.now().toISOString();
    this.db
      .transaction(() => {
        this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE key_id = ?').run(nowIso, parts.keyId);
        this.db.prepare('UPDATE users SET last_used_at = ? WHERE id = ?').run(nowIso, row.id);
      })
      .immediate();
    return toUser({ ...row, last_used_at: nowIso });
  }

  private insertKey(userId: number, issued: ReturnType<typeof issueKey>, nowIso: string): void {
    this.db
      .prepare('INSERT INTO api_keys (key_id, user_id, salt, hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(issued.keyId, userId, issued.salt, issued.hash, nowIso);
  }

  private mustFind(username: string): User {
    const user = this.find(username);
    if (!user) throw new StoreError('NOT_FOUND', `no user '${username}'`);
    return user;
  }
}
