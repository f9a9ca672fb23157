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
  {
    version: 5,
    description: 'narrow frame rows (headers in their own table), time indexes across nights, night counts kept by triggers',
    up(db) {
      db.exec(`
        CREATE TABLE frame_headers (
          frame_id INTEGER PRIMARY KEY REFERENCES frames (id) ON DELETE CASCADE,
          headers TEXT NOT NULL
        );
        INSERT INTO frame_headers (frame_id, headers) SELECT id, headers FROM frames WHERE headers IS NOT NULL;
        ALTER TABLE frames ADD COLUMN summary_at TEXT;
        UPDATE frames SET summary_at = updated_at WHERE headers IS NOT NULL;
        ALTER TABLE frames DROP COLUMN headers;
        CREATE INDEX frames_time ON frames (date_obs);
        CREATE INDEX frames_source_time ON frames (source, date_obs);

        CREATE TABLE night_counts (
          source TEXT NOT NULL,
          night TEXT NOT NULL,
          frame_count INTEGER NOT NULL,
          last_added_at TEXT NOT NULL,
          PRIMARY KEY (source, night)
        );
        INSERT INTO night_counts (source, night, frame_count, last_added_at)
          SELECT source, night, COUNT(*), MAX(added_at) FROM frames GROUP BY source, night;
        CREATE TRIGGER frames_night_count_insert AFTER INSERT ON frames BEGIN
          INSERT INTO night_counts (source, night, frame_count, last_added_at) VALUES (NEW.source, NEW.night, 1, NEW.added_at)
            ON CONFLICT (source, night) DO UPDATE SET frame_count = frame_count + 1,
              last_added_at = MAX(last_added_at, excluded.last_added_at);
        END;
        CREATE TRIGGER frames_night_count_delete AFTER DELETE ON frames BEGIN
          UPDATE night_counts SET frame_count = frame_count - 1,
              last_added_at = COALESCE((SELECT MAX(added_at) FROM frames WHERE source = OLD.source AND night = OLD.night), last_added_at)
            WHERE source = OLD.source AND night = OLD.night;
          DELETE FROM night_counts WHERE source = OLD.source AND night = OLD.night AND frame_count <= 0;
        END;
        CREATE TRIGGER frames_night_count_move AFTER UPDATE OF source, night ON frames
          WHEN OLD.source IS NOT NEW.source OR OLD.night IS NOT NEW.night BEGIN
          UPDATE night_counts SET frame_count = frame_count - 1,
              last_added_at = COALESCE((SELECT MAX(added_at) FROM frames WHERE source = OLD.source AND night = OLD.night), last_added_at)
            WHERE source = OLD.source AND night = OLD.night;
          DELETE FROM night_counts WHERE source = OLD.source AND night = OLD.night AND frame_count <= 0;
          INSERT INTO night_counts (source, night, frame_count, last_added_at) VALUES (NEW.source, NEW.night, 1, NEW.added_at)
            ON CONFLICT (source, night) DO UPDATE SET frame_count = frame_count + 1,
              last_added_at = MAX(last_added_at, excluded.last_added_at);
        END;
      `);
    },
  },
  {
    version: 6,
    description: 'trigram full-text index over name, OBJECT and FILTER for substring search across nights',
    up(db) {
      db.exec(`
        CREATE VIRTUAL TABLE frames_text USING fts5 (name, object, filter, content = 'frames', content_rowid = 'id', tokenize = 'trigram');
        INSERT INTO frames_text (frames_text) VALUES ('rebuild');
        CREATE TRIGGER frames_text_insert AFTER INSERT ON frames BEGIN
          INSERT INTO frames_text (rowid, name, object, filter) VALUES (NEW.id, NEW.name, NEW.object, NEW.filter);
        END;
        CREATE TRIGGER frames_text_delete AFTER DELETE ON frames BEGIN
          INSERT INTO frames_text (frames_text, rowid, name, object, filter) VALUES ('delete', OLD.id, OLD.name, OLD.object, OLD.filter);
        END;
        CREATE TRIGGER frames_text_update AFTER UPDATE OF name, object, filter ON frames BEGIN
          INSERT INTO frames_text (frames_text, rowid, name, object, filter) VALUES ('delete', OLD.id, OLD.name, OLD.object, OLD.filter);
          INSERT INTO frames_text (rowid, name, object, filter) VALUES (NEW.id, NEW.name, NEW.object, NEW.filter);
        END;
      `);
    },
  },
  {
    version: 7,
    description: 'frame grading: the criteria of each night and the observer\'s approve/reject of single frames',
    up(db) {
      db.exec(`
        CREATE TABLE grading_criteria (
          night TEXT PRIMARY KEY,
          criteria TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE frame_verdicts (
          frame_id INTEGER PRIMARY KEY REFERENCES frames (id) ON DELETE CASCADE,
          verdict TEXT NOT NULL CHECK (verdict IN ('good', 'bad')),
          set_at TEXT NOT NULL
        );
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
