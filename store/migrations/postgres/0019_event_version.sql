-- PostgreSQL twin of migrations/0019_event_version.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- The ticket version a change produced, on each of the change's events
-- (NULL for events that change no ticket row: deliveries, mentions,
-- imports). Undo reads the events of the ticket's current version to know
-- what its last change was, and whose.
ALTER TABLE events ADD COLUMN version BIGINT;
