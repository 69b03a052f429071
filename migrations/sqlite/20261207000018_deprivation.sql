-- Each borough's deprivation measure, kept by administrators: its Index of Multiple
-- Deprivation (IMD) average score (higher is more deprived), the year of the indices and
-- where the figure comes from. The workforce page weights the link worker target by it.
CREATE TABLE borough_deprivation (
    borough_id INTEGER PRIMARY KEY REFERENCES boroughs (id),
    score REAL NOT NULL CHECK (score > 0),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    source TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    recorded_by INTEGER REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
