-- A round's decision meetings and the decisions made at them. The fund manager records
-- each meeting (the day it was held, which panel members were present, whether it was
-- quorate) and, against a quorate meeting, each decision: an award (an amount no more than
-- was asked, with any conditions), a decline (with feedback the applicant reads) or a
-- deferral to a later meeting. An application has one decision; a deferred one is decided
-- again, and each change moves its version on.
CREATE TABLE round_meetings (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES grant_rounds (id),
    held_on DATE NOT NULL,
    quorate BOOLEAN NOT NULL,
    notes TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX round_meetings_round ON round_meetings (round_id);

CREATE TABLE round_meeting_members (
    meeting_id INTEGER NOT NULL REFERENCES round_meetings (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (meeting_id, user_id)
);

CREATE TABLE grant_decisions (
    application_id INTEGER PRIMARY KEY REFERENCES grant_applications (id),
    meeting_id INTEGER NOT NULL REFERENCES round_meetings (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('award', 'decline', 'defer')),
    -- 0 unless an award
    amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
    conditions TEXT NOT NULL,
    feedback TEXT NOT NULL,
    decided_by INTEGER NOT NULL REFERENCES users (id),
    decided_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL
);
