-- When each session was last used, for the idle timeout (NULL: not since it was created).
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;
