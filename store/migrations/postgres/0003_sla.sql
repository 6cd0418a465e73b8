-- PostgreSQL twin of migrations/0003_sla.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- SLA: deadlines stored on the ticket so the board can sort and filter by
-- them without computing anything. due_at is the nearest running deadline
-- (9223372036854775807 = none, so "ORDER BY due_at" needs no NULL
-- handling); risk_at is when that clock turns at risk; check_at is the next
-- instant the breach sweep must look at the ticket.
ALTER TABLE tickets ADD COLUMN due_at BIGINT NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE tickets ADD COLUMN due_clock TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN due_business BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN risk_at BIGINT NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE tickets ADD COLUMN check_at BIGINT NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE tickets ADD COLUMN due_first_response BIGINT;
ALTER TABLE tickets ADD COLUMN due_update BIGINT;
ALTER TABLE tickets ADD COLUMN due_resolution BIGINT;
ALTER TABLE tickets ADD COLUMN escalated BIGINT NOT NULL DEFAULT 0;

CREATE INDEX tickets_due ON tickets (status, due_at, id);
-- "At risk or breached" and "escalated" are filters on a column: lead
-- with status so a capped count reads only that column's matches.
CREATE INDEX tickets_risk ON tickets (status, risk_at);
CREATE INDEX tickets_check ON tickets (check_at);
CREATE INDEX tickets_escalated ON tickets (escalated, priority, id);
CREATE INDEX tickets_status_escalated ON tickets (status, escalated);

-- One row per clock deadline that was missed: the primary key is what
-- makes "an sla_breached event exactly once per clock" hold across every
-- process sweeping the same file.
CREATE TABLE sla_breaches (
    ticket_id       BIGINT NOT NULL REFERENCES tickets (id),
    clock           TEXT NOT NULL,
    due_at          BIGINT NOT NULL,
    breached_at     BIGINT NOT NULL,
    priority        BIGINT NOT NULL,
    acknowledged_by TEXT,
    acknowledged_at BIGINT,
    PRIMARY KEY (ticket_id, clock, due_at)
);
CREATE INDEX sla_breaches_open ON sla_breaches (acknowledged_at, breached_at);
