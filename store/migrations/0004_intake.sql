-- Intake and triage: why a ticket got its priority, near-duplicates linked
-- to a ticket, items rejected as invalid (kept for review), the channels
-- that post feedback over HTTP, and surges of negative feedback.

ALTER TABLE tickets ADD COLUMN priority_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN duplicate_count INTEGER NOT NULL DEFAULT 0;

-- Near-duplicate lookup: one customer's recent tickets (masked name and
-- last four phone digits are all the desk knows of a customer).
CREATE INDEX tickets_customer ON tickets (customer_phone4, customer_name, received_at);
-- Surge detection counts negative feedback by arrival time.
CREATE INDEX tickets_sentiment ON tickets (sentiment, received_at);

-- Feedback that repeated an open ticket of the same customer. Its own
-- external_id keeps re-imports and HTTP retries idempotent.
CREATE TABLE duplicates (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    external_id TEXT UNIQUE,
    channel     TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    similarity  REAL NOT NULL,
    actor       TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX duplicates_ticket ON duplicates (ticket_id, id);

-- Items triage found invalid (empty, no substance, spam): never dropped,
-- kept masked like a ticket until an agent restores one.
CREATE TABLE rejected (
    id              INTEGER PRIMARY KEY,
    external_id     TEXT UNIQUE,
    reason          TEXT NOT NULL,
    actor           TEXT NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    channel         TEXT NOT NULL,
    category        TEXT NOT NULL,
    priority        INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 2),
    team            TEXT NOT NULL,
    customer_name   TEXT NOT NULL DEFAULT '',
    customer_phone4 TEXT NOT NULL DEFAULT '',
    customer_tier   TEXT NOT NULL DEFAULT 'normal',
    industry        TEXT NOT NULL DEFAULT '',
    product         TEXT NOT NULL DEFAULT '',
    product_version TEXT NOT NULL DEFAULT '',
    order_no        TEXT NOT NULL DEFAULT '',
    received_at     INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    restored_ticket INTEGER REFERENCES tickets (id),
    restored_by     TEXT,
    restored_at     INTEGER
);
-- The review list: items not yet restored, newest first, by keyset.
CREATE INDEX rejected_open ON rejected (restored_at, id);

-- Channels posting feedback over HTTP. Only the SHA-256 of a token is
-- kept: a copy of the database does not let anyone post as a channel.
CREATE TABLE channels (
    name       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    rotated_at INTEGER
);

-- Surges of negative feedback; at most one row an hour (the store checks
-- inside the writing transaction, so every process honours it).
CREATE TABLE emergencies (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    last_hour  INTEGER NOT NULL,
    baseline   REAL NOT NULL,
    multiple   REAL NOT NULL
);
