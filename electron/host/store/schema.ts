/**
 * The database schema as an ordered list of migrations. Never edit a released
 * migration: add a new one. Each runs in its own transaction with the version bump.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'image catalogue and per-source state',
    up(db) {
      db.exec(`
        CREATE TABLE frames (
          id INTEGER PRIMARY KEY,
          source TEXT NOT NULL,
          key TEXT NOT NULL,
          name TEXT NOT NULL,
          directory TEXT NOT NULL DEFAULT '',
          size INTEGER NOT NULL DEFAULT 0,
          etag TEXT,
          last_modified TEXT,
          site TEXT,
          instrument TEXT,
          name_night TEXT,
          frame_number INTEGER,
          reduction_level TEXT,
          night TEXT NOT NULL,
          date_obs TEXT,
          exptime REAL,
          filter TEXT,
          object TEXT,
          shape TEXT,
          bitpix INTEGER,
          headers TEXT,
          status TEXT NOT NULL DEFAULT 'listed' CHECK (status IN ('listed', 'downloading', 'ready', 'error')),
          error TEXT,
          local_path TEXT,
          stats TEXT,
          quality TEXT,
          thumbnail_path TEXT,
          added_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          UNIQUE (source, key)
        );
        CREATE INDEX frames_night_time ON frames (night, date_obs);
        CREATE TABLE source_state (
          source TEXT PRIMARY KEY,
          state TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    description: 'focal-plane configurations, each valid from a date until the next',
    up(db) {
      db.exec(`
        CREATE TABLE fplane_configs (
          id INTEGER PRIMARY KEY,
          valid_from TEXT NOT NULL,
          created_at TEXT NOT NULL,
          origin TEXT NOT NULL CHECK (origin IN ('import', 'update')),
          header TEXT NOT NULL
        );
        CREATE INDEX fplane_configs_valid_from ON fplane_configs (valid_from, id);
        CREATE TABLE fplane_ifus (
          config_id INTEGER NOT NULL REFERENCES fplane_configs (id) ON DELETE CASCADE,
          ordinal INTEGER NOT NULL,
          ifuslot TEXT NOT NULL,
          x REAL NOT NULL,
          y REAL NOT NULL,
          specid TEXT NOT NULL,
          specslot TEXT NOT NULL,
          ifuid TEXT NOT NULL,
          ifurot REAL NOT NULL,
          platesc REAL NOT NULL,
          active INTEGER NOT NULL,
          actual_x REAL,
          actual_y REAL,
          PRIMARY KEY (config_id, ordinal)
        );
      `);
    },
  },
  {
    version: 3,
    description: 'users and their API keys (salted scrypt hashes only)',
    up(db) {
      db.exec(`
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          username TEXT NOT NULL UNIQUE,
          email TEXT NOT NULL,
          first_name TEXT NOT NULL,
          last_name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('observer', 'admin')),
          created_at TEXT NOT NULL,
          revoked_at TEXT,
          last_used_at TEXT
        );
        CREATE TABLE api_keys (
          key_id TEXT PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          salt BLOB NOT NULL,
          hash BLOB NOT NULL,
          created_at TEXT NOT NULL,
          revoked_at TEXT,
          last_used_at TEXT
        );
        CREATE INDEX api_keys_user ON api_keys (user_id);
      `);
    },
  },
  {
    version: 4,
    description: 'indexes for sorted, filtered pages of a night and per-source night lists',
    up(db) {
      db.exec(`
        CREATE INDEX frames_night_name ON frames (night, name);
        CREATE INDEX frames_night_object ON frames (night, object);
        CREATE INDEX frames_night_filter ON frames (night, filter);
        CREATE INDEX frames_night_exptime ON frames (night, exptime);
        CREATE INDEX frames_night_size ON frames (night, size);
        CREATE INDEX frames_night_added ON frames (night, added_at);
        CREATE INDEX frames_source_night ON frames (source, night, added_at);
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
