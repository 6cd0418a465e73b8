-- PostgreSQL twin of migrations/0020_search_batch.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- On SQLite a writer that stores many tickets at once (intake's batches)
-- writes their index documents itself at the end of its transaction, as
-- one document per statement made FTS5 flush a segment per ticket; while
-- search_batch holds a row (inside that writer's transaction only) the
-- insert trigger leaves new tickets to it. PostgreSQL has no such flush,
-- but the table and the trigger's rule are kept so that the shared SQL
-- (INSERT INTO / DELETE FROM search_batch) works and means the same: a
-- writer that holds the row must index its tickets itself, here with
--   INSERT INTO ticket_search (rowid, grams)
--   SELECT id, search_grams(title, body, customer_name, product, order_no) FROM tickets WHERE id IN (…)
-- (never the SQLite documents searchDoc makes), or simply not take the row.

CREATE TABLE search_batch (
    id BIGINT PRIMARY KEY CHECK (id = 1)
);

-- A trigger's WHEN cannot read a table in PostgreSQL: the function asks.
CREATE OR REPLACE FUNCTION ticket_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM search_batch) THEN
        RETURN NULL;
    END IF;
    INSERT INTO ticket_search (rowid, grams)
    VALUES (NEW.id, search_grams(NEW.title, NEW.body, NEW.customer_name, NEW.product, NEW.order_no));
    RETURN NULL;
END
$$;
