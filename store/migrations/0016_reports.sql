-- Reports (issue 17): supervisors' addresses for the mailed daily brief,
-- the briefs sent (one row per desk day, so a restarted server does not
-- send the day's brief again), and the index the monthly triage-accuracy
-- count reads tickets by.
ALTER TABLE agents ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE brief_sends (
    day        TEXT PRIMARY KEY, -- the desk's day, YYYY-MM-DD
    sent_at    INTEGER NOT NULL,
    recipients INTEGER NOT NULL
);

CREATE INDEX tickets_received ON tickets (received_at);
