-- Versions for the rows that were saved last-writer-wins: an agreed level, a gap action's
-- answer, a borough's population from a date, a role's target and an installation setting.
-- A save names the version it started from and is refused if the row has moved on, as the
-- tracker's edits are. (A framework rewording is checked against the framework version
-- number, which already exists.)
ALTER TABLE agreed_levels ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0);
ALTER TABLE gap_actions ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0);
ALTER TABLE borough_populations ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0);
ALTER TABLE workforce_targets ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0);
ALTER TABLE site_settings ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0);

-- A removed target keeps its row (and so its version, which a removal advances): were it
-- deleted, setting it again would start back at 1 and a save begun before the removal
-- would match that fresh row and overwrite it.
ALTER TABLE workforce_targets ADD COLUMN removed BOOLEAN NOT NULL DEFAULT FALSE;
