-- Each spreadsheet of recommendations an ICB lead loaded into their ICB's review: what it
-- added, updated and found as recorded already, and (when refused, nothing changed) every
-- problem found, one per line.
CREATE TABLE recommendation_imports (
    id INTEGER PRIMARY KEY,
    icb_id INTEGER NOT NULL REFERENCES icbs (id),
    file_name TEXT NOT NULL,
    added INTEGER NOT NULL CHECK (added >= 0),
    updated INTEGER NOT NULL CHECK (updated >= 0),
    unchanged INTEGER NOT NULL CHECK (unchanged >= 0),
    problems TEXT NOT NULL,
    imported_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
