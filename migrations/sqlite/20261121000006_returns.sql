-- Quarterly returns: the periods boroughs return for, the code list of need themes, the
-- populations coverage is measured against, every upload attempt, and the accepted
-- submissions with their original file and rows. The review's workforce figures are loaded
-- as the baseline quarter.

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
    UNIQUE (financial_year, quarter),
    CHECK (opens_on <= due_on AND due_on <= closes_on)
);

-- Referral reasons and unmet need themes share one code list, which administrators extend.
CREATE TABLE need_themes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL
);

-- A borough's population from a date on; coverage uses the one in force at quarter end.
CREATE TABLE borough_populations (
    borough_id INTEGER NOT NULL REFERENCES boroughs (id),
    effective_from DATE NOT NULL,
    population INTEGER NOT NULL CHECK (population > 0),
    source TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (borough_id, effective_from)
);

-- A return that passed every check: one version per upload; the latest signed-off version
-- of a borough's period is the one that counts.
CREATE TABLE return_submissions (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES return_periods (id),
    borough_id INTEGER NOT NULL REFERENCES boroughs (id),
    version INTEGER NOT NULL CHECK (version > 0),
    -- NULL for the baseline loaded from the review
    uploaded_by INTEGER REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL,
    file_name TEXT,
    file_hash TEXT,
    file BLOB,
    template_version INTEGER,
    people_referred INTEGER CHECK (people_referred IS NULL OR people_referred >= 0),
    source_note TEXT,
    signed_off_by INTEGER REFERENCES users (id),
    signed_off_at TIMESTAMP,
    UNIQUE (period_id, borough_id, version)
);

-- Every upload, accepted or not: who, when, the file's SHA-256 and the problems found
-- (a JSON list of {sheet, cell, value, message}; empty when accepted).
CREATE TABLE return_attempts (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES return_periods (id),
    borough_id INTEGER NOT NULL REFERENCES boroughs (id),
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL,
    file_name TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    file_hash TEXT NOT NULL,
    problems TEXT NOT NULL,
    submission_id INTEGER REFERENCES return_submissions (id)
);
CREATE INDEX return_attempts_period ON return_attempts (period_id, borough_id);

CREATE TABLE return_workforce (
    submission_id INTEGER NOT NULL REFERENCES return_submissions (id),
    row_number INTEGER NOT NULL,
    pcn TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('splw', 'hwbc', 'care_coordinator', 'other')),
    employer TEXT NOT NULL CHECK (employer IN ('pcn', 'vcse', 'local_authority', 'other')),
    -- NULL where the source gave no headcount (the baseline)
    headcount INTEGER CHECK (headcount IS NULL OR headcount >= 0),
    wte REAL NOT NULL CHECK (wte >= 0),
    vacancies REAL NOT NULL CHECK (vacancies >= 0),
    PRIMARY KEY (submission_id, row_number)
);

CREATE TABLE return_referrals (
    submission_id INTEGER NOT NULL REFERENCES return_submissions (id),
    theme_id INTEGER NOT NULL REFERENCES need_themes (id),
    referrals INTEGER NOT NULL CHECK (referrals >= 0),
    PRIMARY KEY (submission_id, theme_id)
);

CREATE TABLE return_unmet_needs (
    submission_id INTEGER NOT NULL REFERENCES return_submissions (id),
    row_number INTEGER NOT NULL,
    theme_id INTEGER NOT NULL REFERENCES need_themes (id),
    people INTEGER NOT NULL CHECK (people > 0),
    place TEXT,
    reason TEXT NOT NULL CHECK (reason IN ('no_service', 'waiting_list', 'not_accessible', 'not_eligible', 'other')),
    notes TEXT,
    PRIMARY KEY (submission_id, row_number)
);

CREATE TABLE return_outcomes (
    submission_id INTEGER NOT NULL REFERENCES return_submissions (id),
    measure TEXT NOT NULL CHECK (measure IN ('life_satisfaction', 'worthwhile', 'happiness', 'anxiety')),
    before_mean REAL,
    before_n INTEGER,
    after_mean REAL,
    after_n INTEGER,
    PRIMARY KEY (submission_id, measure)
);

-- The themes the review names for referrals and unmet need (shared/reference/DOMAIN.md).
INSERT INTO need_themes (name, position) VALUES
    ('Housing (repairs, damp, mould, waits)', 1),
    ('Benefits and financial support', 2),
    ('Mental health and counselling waits', 3),
    ('Social isolation and loneliness', 4),
    ('Carers', 5),
    ('Low mood', 6),
    ('Weight management', 7),
    ('Befriending for the housebound', 8),
    ('Activities for young men and adults 25-50', 9),
    ('Refugees and non-English speakers', 10),
    ('Frailty and older people', 11),
    ('Digital exclusion', 12),
    ('Children and young people''s provision', 13),
    ('Other', 14);

-- The GP registered populations the review gives (Enfield and Haringey: not given).
INSERT INTO borough_populations (borough_id, effective_from, population, source, recorded_at)
SELECT id, '2024-04-01', gp_registered_population, 'NCL social prescribing review 2024', CURRENT_TIMESTAMP
FROM boroughs
WHERE gp_registered_population IS NOT NULL;

-- The baseline quarter: the review's workforce counts, as stated.
INSERT INTO return_periods (financial_year, quarter, opens_on, due_on, closes_on, baseline, created_at)
VALUES (2024, 1, '2024-07-01', '2024-07-31', '2024-08-31', TRUE, CURRENT_TIMESTAMP);

INSERT INTO return_submissions (period_id, borough_id, version, uploaded_at, source_note, signed_off_at)
SELECT return_periods.id, boroughs.id, 1, CURRENT_TIMESTAMP,
    'Baseline from the NCL social prescribing review 2024: the counts as the review states them. The review mostly gives headcounts (Islington''s SPLW and care coordinator figures are WTE); they are counted here as WTE.',
    CURRENT_TIMESTAMP
FROM return_periods, boroughs
WHERE return_periods.baseline;

INSERT INTO return_workforce (submission_id, row_number, pcn, role, employer, wte, vacancies)
SELECT s.id, v.row_number, 'Borough-wide', v.role, v.employer, v.wte, 0
FROM return_submissions s
JOIN boroughs b ON b.id = s.borough_id
JOIN return_periods p ON p.id = s.period_id AND p.baseline
JOIN (
    SELECT 'barnet' AS code, 1 AS row_number, 'splw' AS role, 'other' AS employer, 25.0 AS wte
    UNION ALL SELECT 'barnet', 2, 'hwbc', 'other', 5.0
    UNION ALL SELECT 'barnet', 3, 'care_coordinator', 'other', 72.0
    UNION ALL SELECT 'camden', 1, 'splw', 'other', 16.0
    UNION ALL SELECT 'camden', 2, 'other', 'other', 5.0
    UNION ALL SELECT 'camden', 3, 'hwbc', 'other', 1.0
    UNION ALL SELECT 'camden', 4, 'care_coordinator', 'other', 26.5
    UNION ALL SELECT 'enfield', 1, 'splw', 'other', 7.0
    UNION ALL SELECT 'enfield', 2, 'hwbc', 'pcn', 5.0
    UNION ALL SELECT 'haringey', 1, 'splw', 'vcse', 11.0
    UNION ALL SELECT 'haringey', 2, 'splw', 'pcn', 2.0
    UNION ALL SELECT 'haringey', 3, 'hwbc', 'other', 1.0
    UNION ALL SELECT 'haringey', 4, 'care_coordinator', 'other', 59.0
    UNION ALL SELECT 'islington', 1, 'splw', 'other', 15.5
    UNION ALL SELECT 'islington', 2, 'hwbc', 'other', 3.0
    UNION ALL SELECT 'islington', 3, 'care_coordinator', 'other', 31.45
) AS v ON v.code = b.code;
