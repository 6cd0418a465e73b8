-- A ticket's search document also carries its filter tags: exact tokens of
-- its channel, category, team and owner, or that it has no owner
-- (search_tags, store/search_tags.go: a private use character, a kind
-- letter and the value in hex, never one of the 1-3 character grams). A
-- search combined with those filters (and a priority, a range of the
-- search key) is then one FTS5 query, the grams AND the tags, read in
-- board order within the column's keys and stopping at the page or the
-- count's cap, as the search alone is since 0022, instead of a walk of the
-- column testing each ticket.
--
-- The update trigger now also rewrites the document when the channel,
-- category, team or owner changes (an assignment, a transfer, triage).
-- Intake's batches write their documents themselves (taggedDoc, in Go),
-- store.CopyDesk with the same expression as here (searchDocSQL).
--
-- Existing desks: the index is built again from the rows there, as 0022
-- did, a column at a time in key order.

DROP TRIGGER ticket_search_insert;
DROP TRIGGER ticket_search_update;
DROP TRIGGER ticket_search_delete;
DROP TABLE ticket_search;

CREATE VIRTUAL TABLE ticket_search USING fts5(
    grams, content='', contentless_delete=1, detail=none, tokenize='ascii');

INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id),
    search_grams(title, body, customer_name, product, order_no) || ' ' || search_tags(channel, category, team, owner)
FROM tickets WHERE status = 'pending' ORDER BY priority, id;
INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id),
    search_grams(title, body, customer_name, product, order_no) || ' ' || search_tags(channel, category, team, owner)
FROM tickets WHERE status = 'in_progress' ORDER BY priority, id;
INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id),
    search_grams(title, body, customer_name, product, order_no) || ' ' || search_tags(channel, category, team, owner)
FROM tickets WHERE status = 'testing' ORDER BY priority, id;
INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id),
    search_grams(title, body, customer_name, product, order_no) || ' ' || search_tags(channel, category, team, owner)
FROM tickets WHERE status = 'resolved' ORDER BY priority, id;
INSERT INTO ticket_search (rowid, grams)
SELECT search_key(status, priority, id),
    search_grams(title, body, customer_name, product, order_no) || ' ' || search_tags(channel, category, team, owner)
FROM tickets WHERE status = 'closed' ORDER BY priority, id;

CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets
WHEN NOT EXISTS (SELECT 1 FROM search_batch) BEGIN
    INSERT INTO ticket_search (rowid, grams)
    VALUES (search_key(new.status, new.priority, new.id),
        search_grams(new.title, new.body, new.customer_name, new.product, new.order_no) || ' ' ||
            search_tags(new.channel, new.category, new.team, new.owner));
END;

CREATE TRIGGER ticket_search_update AFTER UPDATE OF status, priority, title, body, customer_name, product, order_no,
    channel, category, team, owner ON tickets
WHEN old.status IS NOT new.status OR old.priority IS NOT new.priority
    OR old.title IS NOT new.title OR old.body IS NOT new.body OR old.customer_name IS NOT new.customer_name
    OR old.product IS NOT new.product OR old.order_no IS NOT new.order_no
    OR old.channel IS NOT new.channel OR old.category IS NOT new.category
    OR old.team IS NOT new.team OR old.owner IS NOT new.owner BEGIN
    DELETE FROM ticket_search WHERE rowid = search_key(old.status, old.priority, old.id);
    INSERT INTO ticket_search (rowid, grams)
    VALUES (search_key(new.status, new.priority, new.id),
        search_grams(new.title, new.body, new.customer_name, new.product, new.order_no) || ' ' ||
            search_tags(new.channel, new.category, new.team, new.owner));
END;

CREATE TRIGGER ticket_search_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_search WHERE rowid = search_key(old.status, old.priority, old.id);
END;
