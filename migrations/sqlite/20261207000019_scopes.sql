-- Three scopes: a grant holds for the region (administrators, the new regional lead), for
-- one ICB (ICB lead, panel member, viewer) or for one borough (borough lead, submitter).
-- Programme data belongs to an ICB: each recommendation to its ICB's review, each return
-- period to the ICB whose boroughs it asks. Existing ICB grants, recommendations and
-- periods are North Central London's, and stay so.
--
-- SQLite changes a CHECK or a UNIQUE only by rebuilding the table. Recommendations and
-- return periods are referenced by other tables, so their rows are copied aside, the table
-- dropped and made again under the same name with the same ids; foreign keys are checked
-- at commit, by which time every reference finds its row again.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE user_roles_scoped (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN
        ('admin', 'regional_lead', 'icb_lead', 'borough_lead', 'submitter', 'panel_member', 'viewer')),
    -- set for borough roles (borough_lead, submitter)
    borough_id INTEGER REFERENCES boroughs (id),
    -- set for ICB roles (icb_lead, panel_member, viewer)
    icb_id INTEGER REFERENCES icbs (id),
    CONSTRAINT user_roles_scope CHECK (
        (role IN ('borough_lead', 'submitter')) = (borough_id IS NOT NULL)
        AND (role IN ('icb_lead', 'panel_member', 'viewer')) = (icb_id IS NOT NULL))
);
INSERT INTO user_roles_scoped (id, user_id, role, borough_id, icb_id)
SELECT id, user_id, role, borough_id,
    CASE WHEN role IN ('icb_lead', 'panel_member', 'viewer')
         THEN (SELECT id FROM icbs WHERE code = 'NCL') END
FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_scoped RENAME TO user_roles;
CREATE INDEX user_roles_user ON user_roles (user_id);
CREATE UNIQUE INDEX user_roles_grant
    ON user_roles (user_id, role, COALESCE(borough_id, 0), COALESCE(icb_id, 0));

CREATE TEMP TABLE recommendations_before AS SELECT * FROM recommendations;
DROP TABLE recommendations;
CREATE TABLE recommendations (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL,
    category TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    specific_actions TEXT NOT NULL,
    timeline TEXT NOT NULL,
    cost_implication TEXT NOT NULL,
    priority TEXT NOT NULL,
    owner_id INTEGER REFERENCES users (id),
    lead_organisation TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    icb_id INTEGER NOT NULL REFERENCES icbs (id),
    CONSTRAINT recommendations_icb_number UNIQUE (icb_id, number)
);
INSERT INTO recommendations (id, number, category, recommendation, specific_actions, timeline,
    cost_implication, priority, owner_id, lead_organisation, version, icb_id)
SELECT id, number, category, recommendation, specific_actions, timeline, cost_implication,
    priority, owner_id, lead_organisation, version, (SELECT id FROM icbs WHERE code = 'NCL')
FROM recommendations_before;
DROP TABLE recommendations_before;

CREATE TEMP TABLE return_periods_before AS SELECT * FROM return_periods;
DROP TABLE return_periods;
CREATE TABLE return_periods (
    id INTEGER PRIMARY KEY,
    -- the calendar year the financial year starts in: 2025 for 2025/26
    financial_year INTEGER NOT NULL CHECK (financial_year BETWEEN 2000 AND 2100),
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    opens_on DATE NOT NULL,
    due_on DATE NOT NULL,
    closes_on DATE NOT NULL,
    -- the quarter loaded from the review: nobody uploads to it
    baseline BOOLEAN NOT NULL DEFAULT FALSE,
    created_by INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    icb_id INTEGER NOT NULL REFERENCES icbs (id),
    CONSTRAINT return_periods_icb_quarter UNIQUE (icb_id, financial_year, quarter),
    CHECK (opens_on <= due_on AND due_on <= closes_on)
);
INSERT INTO return_periods (id, financial_year, quarter, opens_on, due_on, closes_on, baseline,
    created_by, created_at, icb_id)
SELECT id, financial_year, quarter, opens_on, due_on, closes_on, baseline, created_by,
    created_at, (SELECT id FROM icbs WHERE code = 'NCL')
FROM return_periods_before;
DROP TABLE return_periods_before;

-- Each ICB's review has its own programme start; North Central London keeps the one set.
UPDATE site_settings SET key = 'programme_start:NCL' WHERE key = 'programme_start';
