-- The database guards itself as well as the application does.

-- A borough role (borough lead, submitter) names its borough and no other role does; a
-- user holds each grant once.
DELETE FROM user_roles
WHERE id NOT IN (SELECT MIN(id) FROM user_roles GROUP BY user_id, role, COALESCE(borough_id, 0));
ALTER TABLE user_roles ADD CONSTRAINT user_roles_scope
    CHECK ((role IN ('borough_lead', 'submitter')) = (borough_id IS NOT NULL));
CREATE UNIQUE INDEX user_roles_grant ON user_roles (user_id, role, COALESCE(borough_id, 0));

-- The audit trail is append-only.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
