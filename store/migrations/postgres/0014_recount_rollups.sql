-- PostgreSQL twin of migrations/0014_recount_rollups.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- Rollups count a ticket as received on the day its customer wrote
-- (received_at); tickets stored before that counted on the day they were
-- created (imported). The received-day counts are recounted from the
-- tickets once, on the next open, in Go: the day is the desk's time zone,
-- which SQL does not know. The recount deletes this row in its own
-- transaction, so an interrupted open recounts next time.
CREATE TABLE rollup_recount (reason TEXT NOT NULL);
INSERT INTO rollup_recount (reason) VALUES ('received_day');
