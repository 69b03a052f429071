-- Grant rounds of a community chest fund: when a round takes applications (a closing date,
-- or none for a rolling round that its panel decides on set dates), how it decides (a
-- scored panel or a community vote), the smallest and largest award, and its budget,
-- allocated from what each contributor put into the fund; the yes/no questions an
-- applicant must pass, the need themes it prioritises, and the criteria its panel scores
-- from 0 to 5.
CREATE TABLE grant_rounds (
    id INTEGER PRIMARY KEY,
    fund_id INTEGER NOT NULL REFERENCES funds (id),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    opens_on DATE NOT NULL,
    -- NULL for a rolling round
    closes_on DATE,
    method TEXT NOT NULL CHECK (method IN ('panel', 'vote')),
    min_award_pence INTEGER NOT NULL CHECK (min_award_pence > 0),
    max_award_pence INTEGER NOT NULL CHECK (max_award_pence >= min_award_pence),
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT grant_rounds_dates CHECK (closes_on IS NULL OR closes_on >= opens_on)
);
-- One round a code, whatever its case and fund: its applications' references start with it.
CREATE UNIQUE INDEX grant_rounds_code ON grant_rounds (LOWER(code));

CREATE TABLE round_panel_dates (
    round_id INTEGER NOT NULL REFERENCES grant_rounds (id),
    meets_on DATE NOT NULL,
    PRIMARY KEY (round_id, meets_on)
);

-- A round's budget: from each contributor (as the fund's ledger names them), how much.
CREATE TABLE round_allocations (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES grant_rounds (id),
    contributor_name TEXT NOT NULL,
    contributor_org_id TEXT NOT NULL,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0)
);
CREATE INDEX round_allocations_round ON round_allocations (round_id);

CREATE TABLE round_gates (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES grant_rounds (id),
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    UNIQUE (round_id, position)
);

CREATE TABLE round_priorities (
    round_id INTEGER NOT NULL REFERENCES grant_rounds (id),
    theme_id INTEGER NOT NULL REFERENCES need_themes (id),
    PRIMARY KEY (round_id, theme_id)
);

CREATE TABLE round_criteria (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES grant_rounds (id),
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    -- relative: a criterion of weight 2 counts twice one of weight 1
    weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    -- what each score means, 0 to 5, one line each
    levels TEXT NOT NULL,
    na_allowed BOOLEAN NOT NULL,
    min_score INTEGER CHECK (min_score BETWEEN 0 AND 5),
    UNIQUE (round_id, position)
);
