-- Sign-in attempts counted per email and per client address, one row each, in a window
-- that starts again once it is older than the lock period. Sign-in adds its attempt with
-- one upsert before any password is checked, so parallel guesses each see their own count
-- and only the allowed number are ever checked. `sign_in_failures` is still written for each
-- failed check (with its address), but no longer decides the lock.
CREATE TABLE sign_in_limits (
    -- 'email:<email_key>' or 'address:<client address>'
    subject TEXT PRIMARY KEY,
    attempts BIGINT NOT NULL,
    window_start TIMESTAMP NOT NULL
);
