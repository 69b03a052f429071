-- Awards: an award decision offered to the group, with its 360Giving identifier (the
-- fund's prefix and the award's id), then accepted by the group through its private link
-- (who accepted, as they gave their name). Payments, monitoring and the award's end build
-- on it; `version` guards every change.
CREATE TABLE grant_awards (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL UNIQUE REFERENCES grant_applications (id),
    identifier TEXT NOT NULL UNIQUE,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    conditions TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN
        ('offered', 'accepted', 'active', 'completed', 'withdrawn', 'returned')),
    offered_by INTEGER NOT NULL REFERENCES users (id),
    offered_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    accepted_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
