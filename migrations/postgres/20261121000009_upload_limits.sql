-- Attempts carry the number of their problems, so lists and dashboards count them without
-- reading the problem list (which only the attempt's own page loads).
ALTER TABLE return_attempts ADD COLUMN problem_count BIGINT NOT NULL DEFAULT 0 CHECK (problem_count >= 0);
UPDATE return_attempts SET problem_count = json_array_length(CAST(problems AS json));
