-- Applications to a grant round, made without an account: the group, a contact (seen only
-- by the fund's managers), the project, the amount asked and the budget lines that add up
-- to it, the round's priorities it meets and its answers to the round's eligibility
-- questions. The applicant follows it through a private link whose token is stored only
-- as its SHA-256; a repeated post of the same form (its one-time token, also hashed) gets
-- a fresh link to the same application. Screening moves it on; `version` guards the
-- managers' changes.
CREATE TABLE grant_applications (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES grant_rounds (id),
    -- the round's code and a number: ELF-2026-W-0003
    reference TEXT NOT NULL UNIQUE,
    link_hash TEXT NOT NULL UNIQUE,
    form_hash TEXT NOT NULL UNIQUE,
    form_fingerprint TEXT NOT NULL,
    org_name TEXT NOT NULL,
    org_type TEXT NOT NULL,
    -- the charity or company number; empty for an unregistered group
    org_number TEXT NOT NULL,
    postcode TEXT NOT NULL,
    borough_id INTEGER NOT NULL REFERENCES boroughs (id),
    wards TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    project_title TEXT NOT NULL,
    summary TEXT NOT NULL,
    description TEXT NOT NULL,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    beneficiaries INTEGER NOT NULL CHECK (beneficiaries > 0),
    beneficiaries_where TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    -- who entered it on the group's behalf, if someone did
    supported_by INTEGER REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'eligible', 'ineligible', 'more_info', 'withdrawn')),
    -- what the applicant reads: why it is ineligible, or what more is needed
    status_note TEXT NOT NULL,
    -- the applicant's answer to a request for more information
    info_response TEXT NOT NULL,
    version INTEGER NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT grant_applications_dates CHECK (ends_on >= starts_on)
);
CREATE INDEX grant_applications_round ON grant_applications (round_id);

CREATE TABLE application_budget_lines (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES grant_applications (id),
    position INTEGER NOT NULL,
    item TEXT NOT NULL,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    UNIQUE (application_id, position)
);

CREATE TABLE application_priorities (
    application_id INTEGER NOT NULL REFERENCES grant_applications (id),
    theme_id INTEGER NOT NULL REFERENCES need_themes (id),
    PRIMARY KEY (application_id, theme_id)
);

CREATE TABLE application_answers (
    application_id INTEGER NOT NULL REFERENCES grant_applications (id),
    gate_id INTEGER NOT NULL REFERENCES round_gates (id),
    answer BOOLEAN NOT NULL,
    PRIMARY KEY (application_id, gate_id)
);
