-- Each borough's deprivation measure, kept by administrators: its Index of Multiple
-- Deprivation (IMD) average score (higher is more deprived), the year of the indices and
-- where the figure comes from. The workforce page weights the link worker target by it.
CREATE TABLE borough_deprivation (
    borough_id BIGINT PRIMARY KEY REFERENCES boroughs (id),
    score DOUBLE PRECISION NOT NULL CHECK (score > 0),
    year BIGINT NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    source TEXT NOT NULL,
    version BIGINT NOT NULL CHECK (version > 0),
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMPTZ NOT NULL
);
