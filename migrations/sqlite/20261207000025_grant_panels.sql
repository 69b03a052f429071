-- A grant round's panel: the members a fund manager appoints, each member's declaration
-- on every application they are shown (no interest, a declared interest, or a conflict:
-- kept, and listed in the decision pack), and each member's review of an application: a
-- recommendation and a score from 0 to 5 (NULL for N/A, where the criterion allows it)
-- with a comment on every criterion. A declaration and a review are made once.
CREATE TABLE round_panel_members (
    round_id INTEGER NOT NULL REFERENCES grant_rounds (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    appointed_by INTEGER NOT NULL REFERENCES users (id),
    appointed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, user_id)
);

CREATE TABLE panel_declarations (
    application_id INTEGER NOT NULL REFERENCES grant_applications (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    interest TEXT NOT NULL CHECK (interest IN ('none', 'interest', 'conflict')),
    note TEXT NOT NULL,
    declared_at TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, user_id)
);

CREATE TABLE panel_reviews (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES grant_applications (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    recommendation TEXT NOT NULL CHECK (recommendation IN ('yes', 'maybe', 'no')),
    submitted_at TIMESTAMP NOT NULL,
    UNIQUE (application_id, user_id)
);

CREATE TABLE panel_scores (
    review_id INTEGER NOT NULL REFERENCES panel_reviews (id),
    criterion_id INTEGER NOT NULL REFERENCES round_criteria (id),
    -- NULL: not applicable
    score INTEGER CHECK (score BETWEEN 0 AND 5),
    comment TEXT NOT NULL,
    PRIMARY KEY (review_id, criterion_id)
);
