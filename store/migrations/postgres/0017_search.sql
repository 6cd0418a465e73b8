-- PostgreSQL twin of migrations/0017_search.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- Full-text search over the fields a search matches by substring: title,
-- body, customer (masked name), product and order number. SQLite keeps
-- each field's 1-, 2- and 3-character grams in a contentless FTS5 table
-- made by a Go function; here the same grams are a text[] per ticket under
-- a GIN index, made by search_grams below. The table keeps SQLite's names
-- (ticket_search, its rowid and grams) so that the store's queries differ
-- only in the match itself:
--
--   SQLite:     ticket_search MATCH ?              (searchMatch(q))
--   PostgreSQL: ticket_search.grams @> search_match(?)   (q itself)
--
-- and, for a query longer than three characters, the LIKE confirmation:
--
--   SQLite:     title LIKE ? ESCAPE '\'
--   PostgreSQL: ascii_lower(title) LIKE ascii_lower(?) ESCAPE '\'
--
-- Grams here are the characters themselves (SQLite moves ASCII
-- punctuation aside for its tokenizer), so every query of one to three
-- characters is answered by the index alone, with no LIKE.

-- ascii_lower folds ASCII letters only: SQLite's LIKE ignores ASCII case
-- and nothing else, while lower() would also fold É to é.
CREATE FUNCTION ascii_lower(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT translate(s, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
$$;

-- search_grams is the index document of a ticket's fields: the distinct
-- 1-, 2- and 3-character substrings of each field, ASCII-lowered. Grams
-- never span two fields, as LIKE matches within one; NULL fields have none.
-- A loop over each field's characters: about twice as fast as the same in
-- SQL (unnest, lead() and array_agg(DISTINCT)), and substr() would walk
-- UTF-8 text from its start on every call.
CREATE FUNCTION search_grams(VARIADIC fields text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    field text;
    c text[];
    n int;
    grams text[] := '{}';
BEGIN
    IF fields IS NULL THEN
        RETURN grams;
    END IF;
    FOREACH field IN ARRAY fields LOOP
        CONTINUE WHEN field IS NULL;
        c := string_to_array(ascii_lower(field), NULL);
        n := cardinality(c);
        FOR i IN 1 .. n LOOP
            grams := grams || c[i];
            IF i < n THEN
                grams := grams || (c[i] || c[i + 1]);
            END IF;
            IF i + 1 < n THEN
                grams := grams || (c[i] || c[i + 1] || c[i + 2]);
            END IF;
        END LOOP;
    END LOOP;
    RETURN ARRAY(SELECT DISTINCT g FROM unnest(grams) AS g);
END
$$;

-- search_match is what a ticket's grams must contain for one of its
-- fields to contain q (ASCII case aside): q's one gram if it is one to
-- three characters long, else its distinct trigrams (Go's searchMatch).
-- Exact for up to three characters; longer, a superset that LIKE confirms.
CREATE FUNCTION search_match(q text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT coalesce(array_agg(DISTINCT g), '{}')
FROM (
    SELECT string_agg(c, '') OVER w AS g, count(*) OVER w AS n
    FROM unnest(string_to_array(ascii_lower(q), NULL)) WITH ORDINALITY AS ch (c, i)
    WINDOW w AS (ORDER BY i ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING)
) AS grams
WHERE n = least(3, char_length(q))
$$;

-- rowid is the ticket's id, named as SQLite names an FTS5 row so that the
-- joins (ticket_search.rowid = tickets.id) are shared. No foreign key:
-- like SQLite's index it is kept by the triggers below.
CREATE TABLE ticket_search (
    rowid BIGINT PRIMARY KEY,
    grams TEXT[] NOT NULL
);
CREATE INDEX ticket_search_grams ON ticket_search USING gin (grams);

INSERT INTO ticket_search (rowid, grams)
SELECT id, search_grams(title, body, customer_name, product, order_no) FROM tickets;

-- Kept in the writing transaction: every insert, edit and delete of a
-- ticket goes through these triggers, whatever statement made it.
CREATE FUNCTION ticket_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ticket_search (rowid, grams)
    VALUES (NEW.id, search_grams(NEW.title, NEW.body, NEW.customer_name, NEW.product, NEW.order_no));
    RETURN NULL;
END
$$;
CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets
    FOR EACH ROW EXECUTE FUNCTION ticket_search_insert();

CREATE FUNCTION ticket_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ticket_search WHERE rowid = OLD.id;
    INSERT INTO ticket_search (rowid, grams)
    VALUES (NEW.id, search_grams(NEW.title, NEW.body, NEW.customer_name, NEW.product, NEW.order_no));
    RETURN NULL;
END
$$;
CREATE TRIGGER ticket_search_update AFTER UPDATE OF title, body, customer_name, product, order_no ON tickets
    FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body
        OR OLD.customer_name IS DISTINCT FROM NEW.customer_name
        OR OLD.product IS DISTINCT FROM NEW.product OR OLD.order_no IS DISTINCT FROM NEW.order_no)
    EXECUTE FUNCTION ticket_search_update();

CREATE FUNCTION ticket_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ticket_search WHERE rowid = OLD.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER ticket_search_delete AFTER DELETE ON tickets
    FOR EACH ROW EXECUTE FUNCTION ticket_search_delete();
