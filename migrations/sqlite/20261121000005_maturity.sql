-- Maturity assessments: the framework's level descriptors (versioned, so a round keeps the
-- wording it was scored against), assessment rounds per borough, each participant's
-- ratings, the agreed levels with targets, and the actions proposed for the gaps.

CREATE TABLE framework_versions (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    created_by INTEGER REFERENCES users (id),
    note TEXT NOT NULL
);

-- One level of one domain's scale, as worded in a framework version. `is_default` marks
-- the wording Linkway ships (written from the review), which administrators may edit.
CREATE TABLE framework_levels (
    framework_version_id INTEGER NOT NULL REFERENCES framework_versions (id),
    domain_id INTEGER NOT NULL REFERENCES maturity_domains (id),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
    name TEXT NOT NULL,
    descriptor TEXT NOT NULL,
    is_default BOOLEAN NOT NULL,
    PRIMARY KEY (framework_version_id, domain_id, level)
);

CREATE TABLE assessment_rounds (
    id INTEGER PRIMARY KEY,
    borough_id INTEGER NOT NULL REFERENCES boroughs (id),
    framework_version_id INTEGER NOT NULL REFERENCES framework_versions (id),
    title TEXT NOT NULL,
    held_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'scoring', 'moderation', 'agreed', 'published')),
    -- demo content: scores made up to show the product, never the review's
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE INDEX assessment_rounds_borough ON assessment_rounds (borough_id);

CREATE TABLE round_participants (
    round_id INTEGER NOT NULL REFERENCES assessment_rounds (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    -- set once the participant has submitted their ratings (they cannot change after)
    submitted_at TIMESTAMP,
    PRIMARY KEY (round_id, user_id)
);

CREATE TABLE ratings (
    round_id INTEGER NOT NULL REFERENCES assessment_rounds (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    domain_id INTEGER NOT NULL REFERENCES maturity_domains (id),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
    evidence TEXT NOT NULL,
    rationale TEXT NOT NULL,
    PRIMARY KEY (round_id, user_id, domain_id)
);

-- The level the steering group agreed in moderation, and the level it aims for next round.
CREATE TABLE agreed_levels (
    round_id INTEGER NOT NULL REFERENCES assessment_rounds (id),
    domain_id INTEGER NOT NULL REFERENCES maturity_domains (id),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
    target_level INTEGER NOT NULL CHECK (target_level BETWEEN 1 AND 9),
    rationale TEXT NOT NULL,
    decided_by INTEGER NOT NULL REFERENCES users (id),
    decided_at TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, domain_id)
);

-- The lead's answer to a proposed gap action: accepted (with its wording) or dismissed.
CREATE TABLE gap_actions (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES assessment_rounds (id),
    domain_id INTEGER NOT NULL REFERENCES maturity_domains (id),
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'dismissed')),
    decided_by INTEGER NOT NULL REFERENCES users (id),
    decided_at TIMESTAMP NOT NULL,
    UNIQUE (round_id, domain_id)
);

INSERT INTO framework_versions (number, created_at, created_by, note)
VALUES (1, CURRENT_TIMESTAMP, NULL, 'Default descriptors written from what the 2024 review says good looks like');

-- Default descriptors (editable): level 1 Emerging, 2 Developing, 3 Established, 4 Embedded.
INSERT INTO framework_levels (framework_version_id, domain_id, level, name, descriptor, is_default)
WITH scale (domain, level, name, descriptor) AS (VALUES
    ('Leadership and Governance', 1, 'Emerging', 'No named social prescribing lead for the borough and no group that oversees its development; providers and PCNs work separately and nothing is reported to the ICB.'),
    ('Leadership and Governance', 2, 'Developing', 'A named borough social prescribing lead; a steering group meets, but irregularly or without all sectors; no clinical lead; reporting to the ICB is ad hoc.'),
    ('Leadership and Governance', 3, 'Established', 'A named borough lead and a cross-sector steering group (PCNs, local authority, public health, VCSE) meeting regularly with minutes and actions; a clinical lead; quarterly reports to the Borough Partnership Board.'),
    ('Leadership and Governance', 4, 'Embedded', 'As established, with PCN Clinical Directors engaged, a lead social prescriber in each PCN, co-produced PCN-level plans, and regular six-monthly reporting to the ICB that shapes decisions.'),
    ('Social Prescribing Workforce', 1, 'Emerging', 'Link worker coverage well below 1 WTE per 10,000 population, with PCNs that have none; no regular supervision; high turnover and burnout.'),
    ('Social Prescribing Workforce', 2, 'Developing', 'Every PCN has link workers but coverage is below target; supervision and induction vary by employer; training is not planned.'),
    ('Social Prescribing Workforce', 3, 'Established', 'Coverage near 1 WTE per 10,000; weekly workplace supervision and monthly professional supervision for all; a shared training offer; link workers join a community of practice.'),
    ('Social Prescribing Workforce', 4, 'Embedded', 'Coverage at or above target with stable teams and good retention; clinical supervision; career progression routes; protected time (about 20%) for building community connections.'),
    ('Planning and Commissioning', 1, 'Emerging', 'No borough plan for social prescribing; short-term, fragmented contracts; the voluntary sector is not funded to take referrals.'),
    ('Planning and Commissioning', 2, 'Developing', 'A borough plan is being drafted; commissioning is mainly through PCN ARRS roles; little pooled funding for community services.'),
    ('Planning and Commissioning', 3, 'Established', 'An agreed borough plan aligned with the population health strategy; sustainable contracts; a community chest or similar fund meets unmet need.'),
    ('Planning and Commissioning', 4, 'Embedded', 'Plans co-produced with PCNs, the local authority and the VCSE; unmet need data steers commissioning; pooled NHS and council funding for community capacity, reviewed every year.'),
    ('Digital Systems and Enablers', 1, 'Emerging', 'Referrals and casework kept on paper, email or spreadsheets; no common data items; unmet need is not recorded.'),
    ('Digital Systems and Enablers', 2, 'Developing', 'A clinical system template (for example EMIS) is used, but not the same one across PCNs; some data items are recorded inconsistently.'),
    ('Digital Systems and Enablers', 3, 'Established', 'One case-management system or one standard template across the borough; data recorded to the Social Prescribing Information Standard minimum data set; unmet need captured.'),
    ('Digital Systems and Enablers', 4, 'Embedded', 'One case-management system shared by all providers, with simple and self-referral; data flows to the minimum data set and reports are produced routinely; unmet need reported to commissioners.'),
    ('Evidence and Impact', 1, 'Emerging', 'Activity is not measured beyond referral counts; no outcome measures; impact is not reported.'),
    ('Evidence and Impact', 2, 'Developing', 'Referrals and some wellbeing scores are collected, but not consistently across providers; case studies are shared occasionally.'),
    ('Evidence and Impact', 3, 'Established', 'Consistent outcome measures (such as ONS4) before and after support; regular impact reports to the steering group; patient feedback collected.'),
    ('Evidence and Impact', 4, 'Embedded', 'Impact on wellbeing and on the use of GP and hospital services tracked and published; evaluation informs commissioning; consistent measurement across NCL.'),
    ('Tackling Health Inequalities', 1, 'Emerging', 'No data on who is referred or missed; services are not accessible to people who do not speak English or are digitally excluded.'),
    ('Tackling Health Inequalities', 2, 'Developing', 'Some demographic data collected; outreach to under-served groups depends on individual link workers.'),
    ('Tackling Health Inequalities', 3, 'Established', 'Referral data recorded by protected characteristics and deprivation; targeted outreach to groups with the greatest need; interpreting and accessible information.'),
    ('Tackling Health Inequalities', 4, 'Embedded', 'Proactive, population-health led case finding; lived-experience volunteers and community partners co-design provision; gaps in access monitored and closed.')
)
SELECT v.id, d.id, scale.level, scale.name, scale.descriptor, TRUE
FROM scale
JOIN maturity_domains d ON d.name = scale.domain
CROSS JOIN framework_versions v
WHERE v.number = 1;
