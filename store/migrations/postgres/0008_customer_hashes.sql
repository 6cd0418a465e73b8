-- PostgreSQL twin of migrations/0008_customer_hashes.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- Customers are recognised by keyed hashes (HMAC-SHA256 under the desk
-- secret kept beside the database, 16 bytes) of their normalised full
-- phone, e-mail and WeChat id; the values themselves are never stored.
-- The name's hash only serves search: two people share a name. NULL: not
-- given (or given masked, as in re-imported exports).

ALTER TABLE tickets ADD COLUMN customer_phone_hash BYTEA;
ALTER TABLE tickets ADD COLUMN customer_email_hash BYTEA;
ALTER TABLE tickets ADD COLUMN customer_wechat_hash BYTEA;
ALTER TABLE tickets ADD COLUMN customer_name_hash BYTEA;

-- Masked name and last four digits are not identity: drop their index,
-- look customers up by hash (near-duplicates within a received window,
-- search by full number or name).
DROP INDEX tickets_customer;
CREATE INDEX tickets_phone_hash ON tickets (customer_phone_hash, received_at) WHERE customer_phone_hash IS NOT NULL;
CREATE INDEX tickets_email_hash ON tickets (customer_email_hash, received_at) WHERE customer_email_hash IS NOT NULL;
CREATE INDEX tickets_wechat_hash ON tickets (customer_wechat_hash, received_at) WHERE customer_wechat_hash IS NOT NULL;
CREATE INDEX tickets_name_hash ON tickets (customer_name_hash) WHERE customer_name_hash IS NOT NULL;

-- A linked near-duplicate keeps its own customer, so whoever sent it can
-- still be called back and found.
ALTER TABLE duplicates ADD COLUMN customer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE duplicates ADD COLUMN customer_phone4 TEXT NOT NULL DEFAULT '';
ALTER TABLE duplicates ADD COLUMN customer_tier TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE duplicates ADD COLUMN customer_phone_hash BYTEA;
ALTER TABLE duplicates ADD COLUMN customer_email_hash BYTEA;
ALTER TABLE duplicates ADD COLUMN customer_wechat_hash BYTEA;
ALTER TABLE duplicates ADD COLUMN customer_name_hash BYTEA;
CREATE INDEX duplicates_phone_hash ON duplicates (customer_phone_hash) WHERE customer_phone_hash IS NOT NULL;
CREATE INDEX duplicates_email_hash ON duplicates (customer_email_hash) WHERE customer_email_hash IS NOT NULL;
CREATE INDEX duplicates_wechat_hash ON duplicates (customer_wechat_hash) WHERE customer_wechat_hash IS NOT NULL;
CREATE INDEX duplicates_name_hash ON duplicates (customer_name_hash) WHERE customer_name_hash IS NOT NULL;

-- A rejected item keeps its hashes for the ticket it may be restored as.
ALTER TABLE rejected ADD COLUMN customer_phone_hash BYTEA;
ALTER TABLE rejected ADD COLUMN customer_email_hash BYTEA;
ALTER TABLE rejected ADD COLUMN customer_wechat_hash BYTEA;
ALTER TABLE rejected ADD COLUMN customer_name_hash BYTEA;
