-- The database guards itself as well as the application does.

-- A borough role (borough lead, submitter) names its borough and no other role does; a
-- user holds each grant once. SQLite adds a CHECK only by rebuilding the table.
DELETE FROM user_roles
WHERE id NOT IN (SELECT MIN(id) FROM user_roles GROUP BY user_id, role, COALESCE(borough_id, 0));
CREATE TABLE user_roles_checked (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'icb_lead', 'borough_lead', 'submitter', 'panel_member', 'viewer')),
    -- set for borough roles (borough_lead, submitter), NULL for ICB-wide roles
    borough_id INTEGER REFERENCES boroughs (id),
    CONSTRAINT user_roles_scope CHECK ((role IN ('borough_lead', 'submitter')) = (borough_id IS NOT NULL))
);
INSERT INTO user_roles_checked (id, user_id, role, borough_id)
SELECT id, user_id, role, borough_id FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_checked RENAME TO user_roles;
CREATE INDEX user_roles_user ON user_roles (user_id);
CREATE UNIQUE INDEX user_roles_grant ON user_roles (user_id, role, COALESCE(borough_id, 0));

-- The audit trail is append-only.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
