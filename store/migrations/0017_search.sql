-- Full-text search over the fields a search matches by substring: title,
-- body, customer (masked name), product and order number. The index holds
-- every 1-, 2- and 3-character gram of each field, made in Go by
-- search_grams (store/search.go), so one- and two-character queries
-- (Chinese words such as 退款) are indexed as well as longer ones; a hit is
-- then confirmed with LIKE on the ticket itself. Contentless, rowids only
-- (detail=none): the tickets table holds the text.

CREATE VIRTUAL TABLE ticket_search USING fts5(
    grams, content='', contentless_delete=1, detail=none, tokenize='ascii');

INSERT INTO ticket_search (rowid, grams)
SELECT id, search_grams(title, body, customer_name, product, order_no) FROM tickets;

-- Kept in the writing transaction: every insert, edit and delete of a
-- ticket goes through these triggers, whatever statement made it.
CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_search (rowid, grams)
    VALUES (new.id, search_grams(new.title, new.body, new.customer_name, new.product, new.order_no));
END;

CREATE TRIGGER ticket_search_update AFTER UPDATE OF title, body, customer_name, product, order_no ON tickets
WHEN old.title IS NOT new.title OR old.body IS NOT new.body OR old.customer_name IS NOT new.customer_name
    OR old.product IS NOT new.product OR old.order_no IS NOT new.order_no BEGIN
    DELETE FROM ticket_search WHERE rowid = old.id;
    INSERT INTO ticket_search (rowid, grams)
    VALUES (new.id, search_grams(new.title, new.body, new.customer_name, new.product, new.order_no));
END;

CREATE TRIGGER ticket_search_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_search WHERE rowid = old.id;
END;
