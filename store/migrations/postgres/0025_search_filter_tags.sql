-- PostgreSQL twin of migrations/0025_search_filter_tags.sql: nothing to do.
--
-- On SQLite a ticket's search document gains filter tags (channel,
-- category, team, owner), so that a search combined with those filters is
-- one FTS5 query in board order. PostgreSQL's search reads its GIN index
-- of grams and walks a column in board order otherwise
-- (store/search_postgres.go); a search with a filter keeps that path
-- there, so its documents stay grams only and its triggers as they are.
COMMENT ON TABLE ticket_search IS 'search documents: grams only (filter tags are SQLite''s, migration 0025)';
