-- Payments of an award, each recorded by those who run the fund: the day, the amount, the
-- bank or finance reference, and whether it went out (paid) or failed or was stopped. What
-- an award has disbursed is the sum of its paid payments, never more than the award.
CREATE TABLE award_payments (
    id INTEGER PRIMARY KEY,
    award_id INTEGER NOT NULL REFERENCES grant_awards (id),
    paid_on DATE NOT NULL,
    amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
    reference TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('paid', 'failed', 'stopped')),
    note TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX award_payments_award ON award_payments (award_id);
