-- The search index's rowid becomes the ticket's place on the board:
-- search_key(status, priority, id) (store/search.go), the column, then the
-- priority, then the id. A column is then one range of rowids in board
-- order, so a search reads a column's page, or counts it up to the board's
-- cap, from the index alone and stops as soon as it has enough, instead of
-- collecting every ticket a common word is in (hundreds of thousands at 1M
-- tickets). A move or a change of priority moves the ticket's document to
-- its new place, in the same transaction, by the update trigger.
--
-- Existing desks: the index is built again from the rows there.

DROP TRIGGER ticket_search_insert;
DROP TRIGGER ticket_search_update;
DROP TRIGGER ticket_search_delete;
DROP TABLE ticket_search;

CREATE VIRTUAL TABLE ticket_search USING fts5(
    grams, content='', contentless_delete=1, detail=none, tokenize='ascii');

-- In key order, a column at a time (through tickets_board): FTS5 writes
-- out what it holds whenever a rowid comes lower than the one before, a
-- segment per ticket in id order.
INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id), search_grams(title, body, customer_name, product, order_no)
FROM tickets WHERE status = 'pending' ORDER BY priority, id;
INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id), search_grams(title, body, customer_name, product, order_no)
FROM tickets WHERE status = 'in_progress' ORDER BY priority, id;
INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id), search_grams(title, body, customer_name, product, order_no)
FROM tickets WHERE status = 'testing' ORDER BY priority, id;
INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id), search_grams(title, body, customer_name, product, order_no)
FROM tickets WHERE status = 'resolved' ORDER BY priority, id;
INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id), search_grams(title, body, customer_name, product, order_no)
FROM tickets WHERE status = 'closed' ORDER BY priority, id;

-- Intake's batches still write their own documents (migration 0020), at
-- their key.
CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets
WHEN NOT EXISTS (SELECT 1 FROM search_batch) BEGIN
    INSERT INTO ticket_search (rowid, grams)
    VALUES (search_key(new.status, new.priority, new.id),
        search_grams(new.title, new.body, new.customer_name, new.product, new.order_no));
END;

CREATE TRIGGER ticket_search_update AFTER UPDATE OF status, priority, title, body, customer_name, product, order_no ON tickets
WHEN old.status IS NOT new.status OR old.priority IS NOT new.priority
    OR old.title IS NOT new.title OR old.body IS NOT new.body OR old.customer_name IS NOT new.customer_name
    OR old.product IS NOT new.product OR old.order_no IS NOT new.order_no BEGIN
    DELETE FROM ticket_search WHERE rowid = search_key(old.status, old.priority, old.id);
    INSERT INTO ticket_search (rowid, grams)
    VALUES (search_key(new.status, new.priority, new.id),
        search_grams(new.title, new.body, new.customer_name, new.product, new.order_no));
END;

CREATE TRIGGER ticket_search_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_search WHERE rowid = search_key(old.status, old.priority, old.id);
END;
