-- A community vote: a round run by vote instead of a scored panel. The fund manager keeps
-- the round's list of voters (a name, and where they live or whom they speak for) and hands
-- each their ballot link as they would a ballot paper: its token is kept so that they can
-- hand it on again, and it does one thing, cast that voter's vote once. A vote picks
-- projects within the round's budget.
CREATE TABLE round_voters (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES grant_rounds (id),
    name TEXT NOT NULL,
    area TEXT NOT NULL,
    -- the name and area in lower case: one person is listed once
    name_key TEXT NOT NULL,
    ballot_token TEXT NOT NULL UNIQUE,
    added_by INTEGER NOT NULL REFERENCES users (id),
    added_at TIMESTAMP NOT NULL,
    voted_at TIMESTAMP,
    UNIQUE (round_id, name_key)
);

CREATE TABLE round_votes (
    voter_id INTEGER NOT NULL REFERENCES round_voters (id),
    application_id INTEGER NOT NULL REFERENCES grant_applications (id),
    PRIMARY KEY (voter_id, application_id)
);

CREATE INDEX round_votes_application ON round_votes (application_id);
