-- PostgreSQL twin of migrations/0021_triage_confirmed.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- An agent accepted triage's suggested category from the triage review:
-- the ticket leaves the triage queue and its category counts as confirmed
-- history for learning, as an agent's correction does.
ALTER TABLE triage_suggestions ADD COLUMN confirmed BIGINT NOT NULL DEFAULT 0;
