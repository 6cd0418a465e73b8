-- The contact-hash indexes lead with the week the ticket was received in
-- (received_at / 604800000, contactWeek in store/contact_weeks.go): a
-- hash is random, so an index that leads with it took each new ticket
-- into a page of its own, and an import of a million wrote nearly a page
-- of each such index to the WAL per ticket (its writer's time fell from
-- 125 s to 77 s for 1M rows with the phone and name hashes left out).
-- Tickets arrive, and exports list them, in about the order received:
-- keyed by week, a batch's entries share the few pages of its weeks.
--
-- Readers name the weeks: intake's duplicate check probes the weeks of
-- each item's window (one or two for the default 72 hours), and a search
-- by full phone, e-mail, WeChat id or name walks the weeks that hold any
-- such hash, one index step per week, then probes each.
DROP INDEX tickets_phone_hash;
DROP INDEX tickets_email_hash;
DROP INDEX tickets_wechat_hash;
DROP INDEX tickets_name_hash;
CREATE INDEX tickets_phone_hash ON tickets (received_at / 604800000, customer_phone_hash, received_at)
    WHERE customer_phone_hash IS NOT NULL;
CREATE INDEX tickets_email_hash ON tickets (received_at / 604800000, customer_email_hash, received_at)
    WHERE customer_email_hash IS NOT NULL;
CREATE INDEX tickets_wechat_hash ON tickets (received_at / 604800000, customer_wechat_hash, received_at)
    WHERE customer_wechat_hash IS NOT NULL;
CREATE INDEX tickets_name_hash ON tickets (received_at / 604800000, customer_name_hash)
    WHERE customer_name_hash IS NOT NULL;
