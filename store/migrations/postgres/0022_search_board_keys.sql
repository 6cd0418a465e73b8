-- PostgreSQL twin of migrations/0022_search_board_keys.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- ticket_search.rowid becomes the ticket's place on the board, as on
-- SQLite: search_key(status, priority, id), the column, then the priority,
-- then the id (Go's searchKey), so that the shared SQL reads a column as
-- one range of rowids and takes the id out with `rowid & (2^40 - 1)`. A
-- move or a change of priority moves the ticket's document. A writer that
-- holds search_batch (0020) now indexes its tickets with
--   SELECT search_key(status, priority, id), search_grams(title, body, customer_name, product, order_no) ...

CREATE FUNCTION search_key(st text, p bigint, id bigint) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    col int := array_position(ARRAY['pending', 'in_progress', 'testing', 'resolved', 'closed'], st) - 1;
BEGIN
    IF col IS NULL OR p NOT BETWEEN 0 AND 2 OR id < 0 OR id >= (1::bigint << 40) THEN
        RAISE EXCEPTION 'search_key: %, priority %, id % has no place on the board', st, p, id;
    END IF;
    RETURN (col::bigint << 42) | (p << 40) | id;
END
$$;

-- The grams stay: only the rowid moves. A key that is not its ticket's id
-- is at least 2^40, above every id, so no row takes another's rowid on the way.
UPDATE ticket_search SET rowid = search_key(t.status, t.priority, t.id)
FROM tickets t WHERE t.id = ticket_search.rowid;

CREATE OR REPLACE FUNCTION ticket_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM search_batch) THEN
        RETURN NULL;
    END IF;
    INSERT INTO ticket_search (rowid, grams)
    VALUES (search_key(NEW.status, NEW.priority, NEW.id),
        search_grams(NEW.title, NEW.body, NEW.customer_name, NEW.product, NEW.order_no));
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION ticket_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ticket_search WHERE rowid = search_key(OLD.status, OLD.priority, OLD.id);
    INSERT INTO ticket_search (rowid, grams)
    VALUES (search_key(NEW.status, NEW.priority, NEW.id),
        search_grams(NEW.title, NEW.body, NEW.customer_name, NEW.product, NEW.order_no));
    RETURN NULL;
END
$$;
DROP TRIGGER ticket_search_update ON tickets;
CREATE TRIGGER ticket_search_update
    AFTER UPDATE OF status, priority, title, body, customer_name, product, order_no ON tickets
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.priority IS DISTINCT FROM NEW.priority
        OR OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body
        OR OLD.customer_name IS DISTINCT FROM NEW.customer_name
        OR OLD.product IS DISTINCT FROM NEW.product OR OLD.order_no IS DISTINCT FROM NEW.order_no)
    EXECUTE FUNCTION ticket_search_update();

CREATE OR REPLACE FUNCTION ticket_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ticket_search WHERE rowid = search_key(OLD.status, OLD.priority, OLD.id);
    RETURN NULL;
END
$$;
