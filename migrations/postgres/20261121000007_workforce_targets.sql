-- Coverage targets per role, in WTE per 10,000 population. ICB leads set them; a role
-- without a row has no target. The Universal Personalised Care model's 1 WTE link worker
-- per 10,000 is the one target the review names.

CREATE TABLE workforce_targets (
    role TEXT PRIMARY KEY CHECK (role IN ('splw', 'hwbc', 'care_coordinator', 'other')),
    per_10k DOUBLE PRECISION NOT NULL CHECK (per_10k > 0),
    source TEXT NOT NULL,
    set_by BIGINT REFERENCES users (id),
    set_at TIMESTAMPTZ NOT NULL
);

INSERT INTO workforce_targets (role, per_10k, source, set_at)
VALUES ('splw', 1.0, 'Universal Personalised Care model: 1 WTE link worker per 10,000 population', CURRENT_TIMESTAMP);
