-- A fund's managers are appointed to that fund: who appointed each and when (the person who
-- starts a fund is its first manager, appointed by themselves; funds started before this
-- say neither).
ALTER TABLE fund_managers ADD COLUMN appointed_by INTEGER REFERENCES users (id);
ALTER TABLE fund_managers ADD COLUMN appointed_at TIMESTAMP;
CREATE INDEX fund_managers_user ON fund_managers (user_id);
