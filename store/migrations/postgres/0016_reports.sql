-- PostgreSQL twin of migrations/0016_reports.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- Reports (issue 17): supervisors' addresses for the mailed daily brief,
-- the briefs sent (one row per desk day, so a restarted server does not
-- send the day's brief again), and the index the monthly triage-accuracy
-- count reads tickets by.
ALTER TABLE agents ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE brief_sends (
    day        TEXT PRIMARY KEY, -- the desk's day, YYYY-MM-DD
    sent_at    BIGINT NOT NULL,
    recipients BIGINT NOT NULL
);

CREATE INDEX tickets_received ON tickets (received_at);
