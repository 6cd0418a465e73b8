-- A writer that stores many tickets at once (intake's batches) writes
-- their index documents itself, made beforehand on other cores, in one run
-- at the end of its transaction: the insert trigger's one document per
-- statement made SQLite flush the index at every following statement (a
-- savepoint), a new index segment per ticket. While search_batch holds a
-- row the insert trigger leaves new tickets to that writer. The row is
-- added and removed inside the writer's own transaction, so no other
-- connection ever sees it: every other writer is indexed by the trigger as
-- before.

CREATE TABLE search_batch (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);

DROP TRIGGER ticket_search_insert;
CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets
WHEN NOT EXISTS (SELECT 1 FROM search_batch) BEGIN
    INSERT INTO ticket_search (rowid, grams)
    VALUES (new.id, search_grams(new.title, new.body, new.customer_name, new.product, new.order_no));
END;
