-- Every request loads the user's grants with the ICB each is held in, and the people
-- pickers find an ICB's people by it: index it.
CREATE INDEX user_roles_icb ON user_roles (icb_id);
