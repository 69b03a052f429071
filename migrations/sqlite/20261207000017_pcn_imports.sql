-- Each spreadsheet of PCNs an administrator uploaded: what it added, what was already
-- recorded, and (when refused, nothing added) every problem found, one per line.
CREATE TABLE pcn_imports (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    added INTEGER NOT NULL CHECK (added >= 0),
    already INTEGER NOT NULL CHECK (already >= 0),
    problems TEXT NOT NULL,
    imported_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
