-- A text primary key in SQLite accepts NULL unless it is declared NOT NULL (only an
-- INTEGER PRIMARY KEY cannot be NULL); in PostgreSQL every primary key is NOT NULL. The
-- schema-parity test found the four text keys below nullable here only, so each table is
-- rebuilt with the same columns, checks and indexes, its key declared NOT NULL.

CREATE TABLE sessions_checked (
    id TEXT NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    last_seen_at TIMESTAMP
);
INSERT INTO sessions_checked (id, user_id, created_at, expires_at, revoked_at, last_seen_at)
SELECT id, user_id, created_at, expires_at, revoked_at, last_seen_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_checked RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sign_in_limits_checked (
    -- 'email:<email_key>' or 'address:<client address>'
    subject TEXT NOT NULL PRIMARY KEY,
    attempts BIGINT NOT NULL,
    window_start TIMESTAMP NOT NULL
);
INSERT INTO sign_in_limits_checked (subject, attempts, window_start)
SELECT subject, attempts, window_start FROM sign_in_limits;
DROP TABLE sign_in_limits;
ALTER TABLE sign_in_limits_checked RENAME TO sign_in_limits;

CREATE TABLE site_settings_checked (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0)
);
INSERT INTO site_settings_checked (key, value, version)
SELECT key, value, version FROM site_settings;
DROP TABLE site_settings;
ALTER TABLE site_settings_checked RENAME TO site_settings;

CREATE TABLE workforce_targets_checked (
    role TEXT NOT NULL PRIMARY KEY CHECK (role IN ('splw', 'hwbc', 'care_coordinator', 'other')),
    per_10k REAL NOT NULL CHECK (per_10k > 0),
    source TEXT NOT NULL,
    set_by INTEGER REFERENCES users (id),
    set_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    removed BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO workforce_targets_checked (role, per_10k, source, set_by, set_at, version, removed)
SELECT role, per_10k, source, set_by, set_at, version, removed FROM workforce_targets;
DROP TABLE workforce_targets;
ALTER TABLE workforce_targets_checked RENAME TO workforce_targets;
