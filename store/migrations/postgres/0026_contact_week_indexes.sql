-- PostgreSQL twin of migrations/0026_contact_week_indexes.sql: nothing to
-- do.
--
-- On SQLite the contact-hash indexes now lead with the week received, so
-- that a batch of new tickets writes into a few pages of each instead of
-- one page per ticket. PostgreSQL keeps its indexes by hash: its readers
-- (store/contact_weeks.go) look a hash up there directly.
COMMENT ON INDEX tickets_phone_hash IS 'by hash (SQLite''s leads with the week received, migration 0026)';
