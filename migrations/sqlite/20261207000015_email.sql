-- Email to people (app::email): the outbox every message is written to, in the same
-- transaction as the change that causes it, and each person's choice of what they get.
CREATE TABLE email_messages (
    id INTEGER PRIMARY KEY,
    -- app::email::MessageKind
    kind TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    -- The address when the message was written, and any copied in ("; "-separated).
    recipient TEXT NOT NULL,
    copy_to TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- The page that does what the message asks (a path: the sender adds the address).
    link TEXT NOT NULL,
    -- A hash of what makes the message one of a kind (its task, its stage, its person):
    -- a reminder worked out twice, or by two processes, is written once.
    once_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'held', 'in_digest', 'sent', 'failed')),
    -- The weekly digest a held message went out in.
    digest_id INTEGER REFERENCES email_messages (id),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    -- A sender's claim: the message is theirs to send until the lease ends.
    leased_by TEXT,
    leased_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX email_messages_due ON email_messages (status, next_attempt_at);
CREATE INDEX email_messages_user ON email_messages (user_id, status);

CREATE TABLE email_choices (
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    delivery TEXT NOT NULL CHECK (delivery IN ('immediately', 'weekly', 'never')),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, kind)
);
