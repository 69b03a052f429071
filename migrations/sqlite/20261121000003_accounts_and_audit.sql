-- Accounts, their roles (borough scopes are data), server-side sessions, failed sign-ins
-- (for slowing and locking), and the append-only audit trail.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    -- lower-cased email: unique, so emails are unique case-insensitively
    email_key TEXT NOT NULL UNIQUE,
    organisation TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    password_hash TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    is_demo BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_sign_in_at TIMESTAMP
);

CREATE TABLE user_roles (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'icb_lead', 'borough_lead', 'submitter', 'panel_member', 'viewer')),
    -- set for borough roles (borough_lead, submitter), NULL for ICB-wide roles
    borough_id INTEGER REFERENCES boroughs (id)
);
CREATE INDEX user_roles_user ON user_roles (user_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    email_key TEXT NOT NULL,
    address TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email_key);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address);

-- Append-only: the application inserts rows and never updates or deletes them.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    user_id INTEGER REFERENCES users (id),
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    -- JSON object: field -> {"before": …, "after": …}
    changes TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id);
CREATE INDEX audit_events_user ON audit_events (user_id);
