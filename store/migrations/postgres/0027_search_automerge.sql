-- PostgreSQL twin of migrations/0027_search_automerge.sql: nothing to do.
--
-- On SQLite the FTS5 search index merges its segments eight at a time
-- instead of four, which halves what an import's commits spend merging.
-- PostgreSQL's GIN index has no segments (its pending list is merged by
-- autovacuum and at gin_pending_list_limit).
COMMENT ON TABLE ticket_search IS 'search documents: grams only (filter tags and FTS5 merge settings are SQLite''s, migrations 0025 and 0027)';
