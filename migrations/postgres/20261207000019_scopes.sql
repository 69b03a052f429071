-- Three scopes: a grant holds for the region (administrators, the new regional lead), for
-- one ICB (ICB lead, panel member, viewer) or for one borough (borough lead, submitter).
-- Programme data belongs to an ICB: each recommendation to its ICB's review, each return
-- period to the ICB whose boroughs it asks. Existing ICB grants, recommendations and
-- periods are North Central London's, and stay so.

ALTER TABLE user_roles ADD COLUMN icb_id BIGINT REFERENCES icbs (id);
ALTER TABLE user_roles DROP CONSTRAINT user_roles_scope;
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
UPDATE user_roles SET icb_id = (SELECT id FROM icbs WHERE code = 'NCL')
WHERE role IN ('icb_lead', 'panel_member', 'viewer');
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN
    ('admin', 'regional_lead', 'icb_lead', 'borough_lead', 'submitter', 'panel_member', 'viewer'));
ALTER TABLE user_roles ADD CONSTRAINT user_roles_scope CHECK (
    (role IN ('borough_lead', 'submitter')) = (borough_id IS NOT NULL)
    AND (role IN ('icb_lead', 'panel_member', 'viewer')) = (icb_id IS NOT NULL));
DROP INDEX user_roles_grant;
CREATE UNIQUE INDEX user_roles_grant
    ON user_roles (user_id, role, COALESCE(borough_id, 0), COALESCE(icb_id, 0));

ALTER TABLE recommendations ADD COLUMN icb_id BIGINT REFERENCES icbs (id);
UPDATE recommendations SET icb_id = (SELECT id FROM icbs WHERE code = 'NCL');
ALTER TABLE recommendations ALTER COLUMN icb_id SET NOT NULL;
ALTER TABLE recommendations DROP CONSTRAINT recommendations_number_key;
ALTER TABLE recommendations ADD CONSTRAINT recommendations_icb_number UNIQUE (icb_id, number);

ALTER TABLE return_periods ADD COLUMN icb_id BIGINT REFERENCES icbs (id);
UPDATE return_periods SET icb_id = (SELECT id FROM icbs WHERE code = 'NCL');
ALTER TABLE return_periods ALTER COLUMN icb_id SET NOT NULL;
ALTER TABLE return_periods DROP CONSTRAINT return_periods_financial_year_quarter_key;
ALTER TABLE return_periods ADD CONSTRAINT return_periods_icb_quarter
    UNIQUE (icb_id, financial_year, quarter);

-- Each ICB's review has its own programme start; North Central London keeps the one set.
UPDATE site_settings SET key = 'programme_start:NCL' WHERE key = 'programme_start';
