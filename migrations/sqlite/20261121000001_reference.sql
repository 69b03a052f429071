-- Reference tables: the ICB, its boroughs, the maturity framework's domains and the
-- review's 21 recommendations. Reference rows are loaded by the next migration.

CREATE TABLE icbs (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE boroughs (
    id INTEGER PRIMARY KEY,
    icb_id INTEGER NOT NULL REFERENCES icbs (id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- NULL means the population is not recorded: never stored as zero.
    gp_registered_population INTEGER CHECK (gp_registered_population IS NULL OR gp_registered_population > 0),
    population_source TEXT
);

CREATE TABLE maturity_domains (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE recommendations (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    category TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    specific_actions TEXT NOT NULL,
    timeline TEXT NOT NULL,
    cost_implication TEXT NOT NULL,
    priority TEXT NOT NULL
);

-- Installation-wide settings, e.g. whether demo content has been loaded.
CREATE TABLE site_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
