-- Each form on a page carries the page's one-time token; the first post of a form with it
-- claims (token, action), so a repeated post (a double click, a resent form) is recognised
-- and answered with what the first one made instead of being stored twice.
CREATE TABLE form_submissions (
    token TEXT NOT NULL,
    action TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    -- A hash of what the form said: a repeat says the same; a different post with a
    -- used token (a page come back to) is refused, never dropped as a repeat.
    fingerprint TEXT NOT NULL,
    -- What the first post made (its id), once it is stored.
    entity_id TEXT,
    submitted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (token, action)
);
CREATE INDEX form_submissions_submitted_at ON form_submissions (submitted_at);
