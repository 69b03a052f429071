-- Community chest funds: pooled money a holder organisation keeps for a borough, an ICB
-- or the region (borough_id, icb_id or neither), each with its 360Giving identifier
-- prefix; what each contributor has pledged (in whole pence) and when it arrived; and the
-- fund managers appointed to run it.
CREATE TABLE funds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    icb_id INTEGER REFERENCES icbs (id),
    borough_id INTEGER REFERENCES boroughs (id),
    holder_name TEXT NOT NULL,
    holder_org_id TEXT NOT NULL,
    identifier_prefix TEXT NOT NULL,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT funds_place CHECK (icb_id IS NULL OR borough_id IS NULL)
);
-- One fund a prefix, whatever its case.
CREATE UNIQUE INDEX funds_identifier_prefix ON funds (LOWER(identifier_prefix));

CREATE TABLE fund_contributions (
    id INTEGER PRIMARY KEY,
    fund_id INTEGER NOT NULL REFERENCES funds (id),
    contributor_name TEXT NOT NULL,
    -- empty for a contributor without an org-id (a local business, say)
    contributor_org_id TEXT NOT NULL,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    pledged_on DATE NOT NULL,
    received_on DATE,
    -- the calendar year the financial year starts in: 2026 for 2026/27
    financial_year INTEGER NOT NULL CHECK (financial_year BETWEEN 2000 AND 2100),
    restrictions TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX fund_contributions_fund ON fund_contributions (fund_id);

CREATE TABLE fund_managers (
    fund_id INTEGER NOT NULL REFERENCES funds (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (fund_id, user_id)
);
